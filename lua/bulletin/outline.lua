-- bulletin.outline: the outline side window and :BulletinOutline.
--
-- One outline window per tab page, showing the tree of one bulletin buffer
-- (stories > sections > soundbites). It follows the cursor of the source
-- buffer, moves the source cursor as its own moves (autojump), shows the
-- levels down to a depth and the items a filter keeps (by speaker, by
-- kind), each item's time and the running total when the helper sends
-- `seconds`, and re-renders when the helper pushes a new outline.
local M = {}

local api = vim.api
local config = require('bulletin.config')
local state = require('bulletin.state')
local otext = require('bulletin.outline_text')
local filter = require('bulletin.outline_filter')
local nz = require('bulletin.state').nz

local ns = api.nvim_create_namespace('bulletin.outline')
local group = api.nvim_create_augroup('bulletin_outline', { clear = true })

local ns_src = api.nvim_create_namespace('bulletin.outline.item')
vim.cmd('highlight default link bulletinOutlineTime Comment')
vim.cmd('highlight default link bulletinOutlineTotal Number')
vim.cmd('highlight default link bulletinOutlineItem Visual')

-- tabpage -> {win, obuf, src, src_win, rows = {row -> item}, last_row}
local views = {}
-- tabpage -> {depth, speaker, kind}: what the outline of the tab page
-- shows; kept when it closes and opens again.
local settings = {}
local follow_setup -- defined below

-- The keys of the outline window: lhs, <Plug> name, description.
M.KEYS = {
  { '<CR>', 'jump', 'jump to the item' },
  { 'o', 'jump', 'jump to the item' },
  { '<2-LeftMouse>', 'jump', 'jump to the item' },
  { 'p', 'preview', 'preview: show the item, stay in the outline' },
  { '+', 'deeper', 'show one level more (stories, sections, soundbites)' },
  { '-', 'shallower', 'show one level less' },
  { 'f', 'filter', 'set or clear the filter (speaker=NAME, kind=KIND)' },
  { 'q', 'close', 'close the outline' },
  { '?', 'help', 'show these keys' },
}

-- The settings of tab page tab (the current one when nil).
local function settings_of(tab)
  tab = tab or api.nvim_get_current_tabpage()
  local s = settings[tab]
  if not s then
    s = { depth = config.options.outline.depth or 3 }
    settings[tab] = s
  end
  return s
end

local function items_of(buf)
  local st = state.get(buf)
  return st and st.outline and st.outline.items or {}
end

local function view_of(buf)
  for tab, v in pairs(views) do
    if not api.nvim_win_is_valid(v.win) then
      views[tab] = nil
    elseif v.src == buf then
      return v, tab
    end
  end
end

-- The virtual text of an item: its time and the running total at its end.
local function time_chunks(it, ends)
  if type(it.seconds) ~= 'number' then
    return nil
  end
  -- a space first: right-aligned over a long row, apart from its text
  local chunks = { { ' ' .. filter.mmss(it.seconds), 'bulletinOutlineTime' } }
  if ends[it] then
    chunks[#chunks + 1] = { ' Σ' .. filter.mmss(ends[it]), 'bulletinOutlineTotal' }
  end
  return chunks
end

-- What an outline with no row says.
local function empty_text(v, served, filtered)
  local problem = require('bulletin').helper_problem('show the outline')
  if problem then
    return '(' .. problem:gsub('^bulletin: ', '') .. ')'
  elseif v.src and require('bulletin.buffer').refused(v.src) then
    return '(the helper refused this buffer as too big: no outline; :edit or :BulletinRestart tries again)'
  elseif served and filtered then
    return '(no item matches ' .. filter.describe(settings_of(v.tab)) .. ')'
  elseif served then
    return '(no stories, sections or soundbites)'
  end
  return '(waiting for the helper)'
end

-- The row of item it, rendered with indent base: text and highlight
-- (group, start, end), cached per item table (an item the helper did not
-- change keeps its table, bulletin.buffer's splice) and base.
local row_cache = setmetatable({}, { __mode = 'k' })
local function row_of_item(buf, it, base)
  local c = row_cache[it]
  if not (c and c.base == base) then
    local text, hl, hs, he = otext.render_item(buf, it, base)
    hs, he = hs or #text:match('^%s*'), he or #text
    c = { base = base, text = text, hl = hl, hs = hs, he = he, key = hl .. ' ' .. hs .. ' ' .. he }
    row_cache[it] = c
  end
  return c
end

-- The lines of view v and each row's decoration: {hl, hs, he, virt?, key}
-- (key: the same string for the same decoration).
local function compute(v)
  local lines, decor, rows = {}, {}, {}
  -- a stale tree (helper gone, buffer refused) is not shown
  local served = v.src and require('bulletin.nav').served(v.src)
  local all = served and items_of(v.src) or {}
  local shown = filter.visible(all, settings_of(v.tab))
  local base = 3
  for _, it in ipairs(shown) do
    base = math.min(base, it.level or 1)
  end
  local ends = filter.running(all)
  for i, it in ipairs(shown) do
    local c = row_of_item(v.src, it, base)
    local virt = time_chunks(it, ends)
    lines[i], rows[i] = c.text, it
    decor[i] = virt and { hl = c.hl, hs = c.hs, he = c.he, virt = virt,
      key = c.key .. virt[1][1] .. (virt[2] and virt[2][1] or '') } or c
  end
  if #lines == 0 then
    lines = { empty_text(v, served, #all > 0) }
  end
  return lines, decor, rows
end

-- Draws rows a..b (1-based, inclusive) of decor.
local function decorate(v, decor, a, b)
  for row = a, b do
    local d = decor[row]
    if d then
      api.nvim_buf_set_extmark(v.obuf, ns, row - 1, d.hs, { end_col = d.he, hl_group = d.hl })
      if d.virt then
        api.nvim_buf_set_extmark(v.obuf, ns, row - 1, 0, { virt_text = d.virt, virt_text_pos = 'right_align' })
      end
    end
  end
end

-- Shows the rows of view v: only the lines (and decorations) that differ
-- from what it shows, so that an edit in a long bulletin rewrites a few
-- rows of its outline, not all of them.
local function render(v)
  local lines, decor, rows = compute(v)
  v.rows = rows
  local old, oldd = v.lines, v.decor
  local n_old, n_new = #old, #lines
  local a = 1
  while a <= n_old and a <= n_new and old[a] == lines[a] and (oldd[a] and oldd[a].key) == (decor[a] and decor[a].key) do
    a = a + 1
  end
  local bo, bn = n_old, n_new
  while bo >= a and bn >= a and old[bo] == lines[bn] and (oldd[bo] and oldd[bo].key) == (decor[bn] and decor[bn].key) do
    bo, bn = bo - 1, bn - 1
  end
  if a <= n_old or a <= n_new then
    -- the marks of the rows replaced go first (else they collapse onto a
    -- row that stays)
    api.nvim_buf_clear_namespace(v.obuf, ns, a - 1, bo)
    vim.bo[v.obuf].modifiable = true
    local new = {}
    for i = a, bn do
      new[#new + 1] = lines[i]
    end
    api.nvim_buf_set_lines(v.obuf, a - 1, bo, false, new)
    vim.bo[v.obuf].modifiable = false
    vim.bo[v.obuf].modified = false
    decorate(v, decor, a, bn)
  end
  v.lines, v.decor = lines, decor
  pcall(api.nvim_buf_set_var, v.obuf, 'bulletin_outline_filter', filter.describe(settings_of(v.tab)))
  if api.nvim_win_is_valid(v.win) and api.nvim_win_get_buf(v.win) == v.obuf then
    -- new rows under the cursor: not a move of the user's (no autojump)
    v.last_row = api.nvim_win_get_cursor(v.win)[1]
  end
end

-- The row of the deepest item containing line; before the first item or
-- in a gap, the last item starting before line. Rows are in line order:
-- a binary search for the last row starting at or before line, then back
-- to the nearest row containing line (a few rows: its section, its story).
local function row_for(v, line)
  local rows = v.rows
  local lo, hi = 1, #rows
  local last
  while lo <= hi do
    local mid = math.floor((lo + hi) / 2)
    if rows[mid].line <= line then
      last, lo = mid, mid + 1
    else
      hi = mid - 1
    end
  end
  if not last then
    return nil
  end
  for row = last, math.max(1, last - 64), -1 do
    local it = rows[row]
    if (it.end_line or it.line) >= line then
      return row
    end
    if it.kind == 'story' then
      break -- stories do not nest: none before contains line
    end
  end
  for row = last - 65, 1, -1 do -- a long run of rows before (a flat list)
    local it = rows[row]
    if (it.end_line or it.line) >= line then
      return row
    end
  end
  return last
end

-- Puts the outline cursor on row (remembered: autojump leaves that row
-- alone, see on_outline_moved()).
local function set_row(v, row)
  if row then
    api.nvim_win_set_cursor(v.win, { math.min(row, api.nvim_buf_line_count(v.obuf)), 0 })
  end
  v.last_row = api.nvim_win_get_cursor(v.win)[1]
end

local function follow(v)
  if not api.nvim_win_is_valid(v.win) or not v.src then
    return
  end
  local win = api.nvim_get_current_win()
  if win == v.win or api.nvim_win_get_buf(win) ~= v.src then
    return
  end
  v.src_win = win
  set_row(v, row_for(v, api.nvim_win_get_cursor(win)[1]))
end

local function source_win(v)
  if v.src_win and api.nvim_win_is_valid(v.src_win) and api.nvim_win_get_buf(v.src_win) == v.src then
    return v.src_win
  end
  for _, win in ipairs(api.nvim_tabpage_list_wins(0)) do
    if api.nvim_win_get_buf(win) == v.src then
      return win
    end
  end
  -- the source is not shown: show it in the previous window
  vim.cmd('wincmd p')
  local win = api.nvim_get_current_win()
  if win == v.win then
    vim.cmd((config.options.outline.position == 'left' and 'botright' or 'topleft') .. ' vsplit')
    win = api.nvim_get_current_win()
  end
  api.nvim_win_set_buf(win, v.src)
  return win
end

-- The outline of view v shows buf from now on (the window it follows shows
-- buf now).
local function retarget(v, buf)
  v.src = buf
  pcall(api.nvim_buf_set_name, v.obuf, 'bulletin-outline://' .. buf)
  render(v)
  follow_setup(buf)
  follow(v)
end

-- Resets the window options the outline set, for another buffer in win.
local function reset_win(win)
  api.nvim_win_call(win, function()
    vim.cmd('setlocal number< relativenumber< wrap< list< spell< cursorline< winfixwidth< signcolumn< '
      .. 'foldcolumn< foldenable<')
  end)
end

-- After the source of view v (in tab page tab) went away: show the bulletin
-- now in the window it followed, else close the outline; in the last
-- window of the last tab page, show another buffer there instead.
local function settle(tab, v)
  if views[tab] ~= v or v.src or not api.nvim_win_is_valid(v.win) then
    return
  end
  local w = v.src_win
  if w and w ~= v.win and api.nvim_win_is_valid(w) and api.nvim_win_get_tabpage(w) == tab then
    local b = api.nvim_win_get_buf(w)
    if state.get(b) then
      return retarget(v, b)
    end
  end
  views[tab] = nil
  local others = 0
  for _, win in ipairs(api.nvim_tabpage_list_wins(tab)) do
    if win ~= v.win and api.nvim_win_get_config(win).relative == '' then
      others = others + 1
    end
  end
  if others > 0 or #api.nvim_list_tabpages() > 1 then
    pcall(api.nvim_win_close, v.win, true)
    return
  end
  -- the only window left: the alternate (or any listed) buffer, else a new one
  local alt
  for _, b in ipairs({ vim.fn.bufnr('#'), unpack(api.nvim_list_bufs()) }) do
    if b > 0 and b ~= v.obuf and api.nvim_buf_is_valid(b) and vim.bo[b].buflisted then
      alt = b
      break
    end
  end
  reset_win(v.win)
  if alt then
    api.nvim_win_set_buf(v.win, alt)
  else
    api.nvim_win_call(v.win, function()
      vim.cmd('enew')
    end)
  end
end

-- Clears the mark autojump put on the source of view v.
local function unmark(v)
  if v.marked and api.nvim_buf_is_valid(v.marked) then
    api.nvim_buf_clear_namespace(v.marked, ns_src, 0, -1)
  end
  v.marked = nil
end

-- The outline cursor moved (by the user): with autojump the source window
-- shows the item under it, its cursor on the item's first line and the
-- item's lines marked (bulletinOutlineItem) until focus leaves the outline.
-- The first move of a visit to the outline sets the source's jumplist, so
-- <C-o> there returns; folds are left as they are.
local function on_outline_moved(v)
  local row = api.nvim_win_get_cursor(v.win)[1]
  if row == v.last_row then
    return
  end
  v.last_row = row
  local it = v.rows[row]
  if not config.options.outline.autojump or not it or not v.src or not api.nvim_buf_is_valid(v.src) then
    return
  end
  local win = v.src_win
  if not (win and api.nvim_win_is_valid(win) and api.nvim_win_get_buf(win) == v.src) then
    return -- the source is not shown: autojump opens no window
  end
  local n = api.nvim_buf_line_count(v.src)
  local first = math.min(it.line, n)
  api.nvim_win_call(win, function()
    if not v.jumped then
      vim.cmd("normal! m'")
      v.jumped = true
    end
    api.nvim_win_set_cursor(win, { first, 0 })
  end)
  unmark(v)
  -- the item's lines, whole: to the start of the line after, or the end of
  -- the buffer's last line
  local last = math.max(math.min(it.end_line or it.line, n), first)
  local end_row, end_col = last, 0
  if last == n then
    end_row, end_col = n - 1, #api.nvim_buf_get_lines(v.src, n - 1, n, true)[1]
  end
  api.nvim_buf_set_extmark(v.src, ns_src, first - 1, 0, {
    end_row = end_row, end_col = end_col, hl_group = 'bulletinOutlineItem', hl_eol = true,
  })
  v.marked = v.src
end

-- Jumps to the item under the cursor in the outline; keep_focus: preview.
-- Without keep_focus and with the close_on_select option, the outline
-- closes after the jump.
---@param keep_focus? boolean
function M.goto_item(keep_focus)
  local v = views[api.nvim_get_current_tabpage()]
  if not v then
    return
  end
  local it = v.rows[api.nvim_win_get_cursor(v.win)[1]]
  if not it or not v.src or not api.nvim_buf_is_valid(v.src) then
    return
  end
  unmark(v)
  local win = source_win(v)
  api.nvim_set_current_win(win)
  if not v.jumped then
    vim.cmd("normal! m'")
  end
  api.nvim_win_set_cursor(win, { math.min(it.line, api.nvim_buf_line_count(v.src)), 0 })
  vim.cmd('normal! zv')
  if keep_focus then
    vim.cmd('normal! zz')
    api.nvim_set_current_win(v.win)
  elseif config.options.outline.close_on_select and api.nvim_win_is_valid(v.win) then
    views[api.nvim_get_current_tabpage()] = nil
    api.nvim_win_close(v.win, true)
  end
end

-- Applies settings (a table of depth, speaker, kind; a false speaker or
-- kind clears it) to the outline of the current tab page and re-renders
-- it, the cursor staying on its item when that is still shown.
---@param new table
function M.set(new)
  local tab = api.nvim_get_current_tabpage()
  local s = settings_of(tab)
  for _, k in ipairs({ 'depth', 'speaker', 'kind' }) do
    if new[k] ~= nil then
      s[k] = new[k] or nil
    end
  end
  local v = views[tab]
  if not v or not api.nvim_win_is_valid(v.win) then
    return
  end
  local cur = v.rows[api.nvim_win_get_cursor(v.win)[1]]
  render(v)
  local row
  for r, it in pairs(v.rows) do
    if it == cur then
      row = r
    end
  end
  local sw = v.src_win
  if not row and sw and api.nvim_win_is_valid(sw) and api.nvim_win_get_buf(sw) == v.src then
    row = row_for(v, api.nvim_win_get_cursor(sw)[1])
  end
  set_row(v, row or 1)
end

-- + and - in the outline: one level more or less.
---@param delta integer
function M.depth(delta)
  local s = settings_of()
  M.set({ depth = math.max(1, math.min(3, (s.depth or 3) + delta)) })
end

-- f in the outline: asks for the filter (vim.ui.input, the current one
-- filled in); an empty answer clears it.
function M.filter_prompt()
  local s = settings_of()
  local cur = filter.describe({ speaker = s.speaker, kind = s.kind })
  vim.ui.input({ prompt = 'Filter (speaker=NAME kind=story|section|soundbite, empty: none): ', default = cur },
    function(answer)
      if answer == nil then
        return -- cancelled: as it was
      end
      local got, err = filter.parse_args(answer, true)
      if not got then
        return vim.notify(err, vim.log.levels.ERROR)
      end
      M.set({ speaker = got.speaker or false, kind = got.kind or false })
    end)
end

--- Echoes the outline window's keys (M.KEYS).
function M.help()
  local chunks = { { 'bulletin outline keys:\n', 'Title' } }
  for _, k in ipairs(M.KEYS) do
    chunks[#chunks + 1] = { string.format('  %-13s %s\n', k[1], k[3]) }
  end
  api.nvim_echo(chunks, true, {})
end

--- Closes the outline window of the current tab page.
function M.close()
  local tab = api.nvim_get_current_tabpage()
  local v = views[tab]
  views[tab] = nil
  if v then
    unmark(v)
  end
  if v and api.nvim_win_is_valid(v.win) then
    api.nvim_win_close(v.win, true)
  end
end

-- The outline window of buf in the current tab page, or nil.
---@param buf? integer
---@return integer? win
---@return integer? obuf the outline's buffer
function M.win(buf)
  local v = views[api.nvim_get_current_tabpage()]
  if v and api.nvim_win_is_valid(v.win) and (buf == nil or v.src == buf) then
    return v.win, v.obuf
  end
end

-- The outline window's buffer-local maps (to the <Plug> maps of
-- plugin/bulletin.vim) and autocommands. The filetype is set after them,
-- so that a FileType autocommand or ftplugin of the user can change them.
local function setup_obuf(v)
  local obuf = v.obuf
  for _, k in ipairs(M.KEYS) do
    vim.keymap.set('n', k[1], '<Plug>(bulletin-outline-' .. k[2] .. ')',
      { buffer = obuf, nowait = true, silent = true, remap = true, desc = 'bulletin outline: ' .. k[3] })
  end
  api.nvim_create_autocmd('CursorMoved', {
    group = group,
    buffer = obuf,
    callback = function()
      if api.nvim_win_is_valid(v.win) and api.nvim_get_current_win() == v.win then
        on_outline_moved(v)
      end
    end,
  })
  api.nvim_create_autocmd('WinEnter', {
    group = group,
    buffer = obuf,
    callback = function()
      v.jumped = false
    end,
  })
  api.nvim_create_autocmd('WinLeave', {
    group = group,
    buffer = obuf,
    callback = function()
      unmark(v)
    end,
  })
  api.nvim_create_autocmd('BufWipeout', {
    group = group,
    buffer = obuf,
    callback = function()
      unmark(v)
      for t, x in pairs(views) do
        if x.obuf == obuf then
          views[t] = nil
        end
      end
    end,
  })
  vim.bo[obuf].filetype = 'bulletinoutline'
end

--- Opens (or focuses) the outline window of bulletin buf in this tab page,
--- its cursor on the item around the cursor of the current window.
---@param buf integer
---@return integer? win
function M.open(buf)
  local st = state.get(buf)
  if not st then
    return vim.notify('bulletin: not a bulletin buffer', vim.log.levels.ERROR)
  end
  local tab = api.nvim_get_current_tabpage()
  local v = views[tab]
  local src_win = api.nvim_get_current_win()
  if v and api.nvim_win_is_valid(v.win) then
    v.src_win = src_win
    if v.src ~= buf then
      retarget(v, buf)
    end
    follow(v)
    api.nvim_set_current_win(v.win)
    return v.win
  end
  local obuf = api.nvim_create_buf(false, true)
  vim.bo[obuf].bufhidden = 'wipe'
  vim.bo[obuf].buftype = 'nofile'
  vim.bo[obuf].swapfile = false
  pcall(api.nvim_buf_set_name, obuf, 'bulletin-outline://' .. buf)
  local opts = config.options.outline
  vim.cmd((opts.position == 'left' and 'topleft' or 'botright') .. ' vertical ' .. tonumber(opts.width) .. 'split')
  local win = api.nvim_get_current_win()
  api.nvim_win_set_buf(win, obuf)
  vim.cmd('setlocal nonumber norelativenumber nowrap nolist nospell cursorline winfixwidth signcolumn=no '
    .. 'foldcolumn=0 nofoldenable')
  -- lines, decor: what the outline buffer shows (a new buffer: one empty line)
  v = { win = win, obuf = obuf, src = buf, src_win = src_win, rows = {}, tab = tab, jumped = false,
    lines = { '' }, decor = {} }
  views[tab] = v
  render(v)
  follow_setup(buf)
  -- the outline cursor on the item around the source cursor
  set_row(v, row_for(v, api.nvim_win_get_cursor(src_win)[1]))
  setup_obuf(v)
  return win
end

function follow_setup(buf)
  local st = state.get(buf)
  if not st or st.outline_follow then
    return
  end
  st.outline_follow = true
  if config.options.outline.follow then
    api.nvim_create_autocmd('CursorMoved', {
      group = group,
      buffer = buf,
      callback = function()
        local v = view_of(buf)
        if v then
          follow(v)
        end
      end,
    })
  end
end

-- The source window of the outline shows buf now (:edit, :buffer, ...).
local function on_buf_win_enter(buf)
  local v = views[api.nvim_get_current_tabpage()]
  local win = api.nvim_get_current_win()
  if not v or v.src == buf or win == v.win or not api.nvim_win_is_valid(v.win) then
    return
  end
  if win == v.src_win or not v.src then
    if state.get(buf) then
      retarget(v, buf)
    end
  end
end

api.nvim_create_autocmd('BufWinEnter', {
  group = group,
  callback = function(ev)
    on_buf_win_enter(ev.buf)
  end,
})

-- A closed tab page's settings go with it.
api.nvim_create_autocmd('TabClosed', {
  group = group,
  callback = function()
    for tab in pairs(settings) do
      if not api.nvim_tabpage_is_valid(tab) then
        settings[tab] = nil
      end
    end
  end,
})

-- :quit in the last window beside an outline closes the outline too (so
-- Neovim quits, or the tab page closes), never leaving it alone.
api.nvim_create_autocmd('QuitPre', {
  group = group,
  callback = function()
    local tab = api.nvim_get_current_tabpage()
    local v = views[tab]
    local cur = api.nvim_get_current_win()
    if not v or cur == v.win or not api.nvim_win_is_valid(v.win) then
      return
    end
    for _, win in ipairs(api.nvim_tabpage_list_wins(tab)) do
      if win ~= cur and win ~= v.win and api.nvim_win_get_config(win).relative == '' then
        return -- other windows stay: nothing to do
      end
    end
    views[tab] = nil
    pcall(api.nvim_win_close, v.win, true)
  end,
})

-- A new outline arrived for buf.
---@param buf integer
function M.on_update(buf)
  local v = view_of(buf)
  if not v then
    -- the window the outline follows shows buf, attached after it entered
    local cur = views[api.nvim_get_current_tabpage()]
    if cur and api.nvim_win_is_valid(cur.win) and cur.src ~= buf and cur.src_win
      and api.nvim_win_is_valid(cur.src_win) and api.nvim_win_get_buf(cur.src_win) == buf then
      retarget(cur, buf)
    end
    return
  end
  local row = api.nvim_win_get_cursor(v.win)[1]
  render(v)
  local sw = v.src_win
  if api.nvim_get_current_win() ~= v.win and sw and api.nvim_win_is_valid(sw) and api.nvim_win_get_buf(sw) == v.src then
    row = row_for(v, api.nvim_win_get_cursor(sw)[1]) or row
  end
  set_row(v, row)
end

-- buf is detached (deleted, unloaded, no longer a bulletin): its outlines
-- show the next bulletin of their window, or close (see settle()), once the
-- command that detached it is done.
---@param buf integer
function M.on_detach(buf)
  pcall(api.nvim_clear_autocmds, { group = group, buffer = buf })
  for tab, v in pairs(views) do
    if v.src == buf then
      v.src = nil
      v.rows = {}
      vim.schedule(function()
        settle(tab, v)
      end)
    end
  end
end

--- :BulletinOutline [loclist] [depth=N] [speaker=NAME] [kind=KIND]: opens
--- (or focuses) the outline with these settings; without arguments in the
--- outline window, closes it; with loclist, fills the location list with
--- the items these settings show.
---@param arg? string
function M.command(arg)
  local r, err = filter.parse_args(arg, false, true)
  if not r then
    return vim.notify(err, vim.log.levels.ERROR)
  end
  local buf = api.nvim_get_current_buf()
  local from_outline = vim.bo[buf].filetype == 'bulletinoutline'
  if from_outline then
    local v = views[api.nvim_get_current_tabpage()]
    if not next(r) or not v or not v.src then
      return M.close() -- from the outline itself: a toggle
    end
    return M.set(r)
  end
  if not require('bulletin').results(buf, 'show the outline') then
    return
  end
  if r.loclist then
    return otext.loclist(buf, items_of(buf), filter.settings_from(r))
  end
  M.open(buf)
  if next(r) then
    M.set(r)
  end
end

-- Completion of :BulletinOutline and :BulletinPick.
---@param lead string
---@param loclist_ok? boolean
---@return string[]
function M.complete(lead, loclist_ok)
  local cands = { 'depth=1', 'depth=2', 'depth=3', 'kind=story', 'kind=section', 'kind=soundbite' }
  if loclist_ok then
    table.insert(cands, 1, 'loclist')
  end
  local seen = {}
  local buf = api.nvim_get_current_buf()
  local v = views[api.nvim_get_current_tabpage()]
  if v and v.obuf == buf and v.src then
    buf = v.src
  end
  for _, it in ipairs(items_of(buf)) do
    local sp = it.kind == 'quote' and nz(it.speaker)
    if sp and not seen[sp] then
      seen[sp] = true
      cands[#cands + 1] = 'speaker=' .. sp
    end
  end
  return vim.tbl_filter(function(c)
    return c:sub(1, #lead) == lead
  end, cands)
end

-- The source buffer of the outline in the current window, else nil.
---@return integer?
function M.source_of_current()
  local v = views[api.nvim_get_current_tabpage()]
  if v and api.nvim_get_current_win() == v.win and v.src then
    return v.src, source_win(v)
  end
end

return M
