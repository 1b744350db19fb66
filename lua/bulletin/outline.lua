-- bulletin.outline: the outline side window and :BulletinOutline loclist.
--
-- One outline window per tab page, showing the tree of one bulletin buffer
-- (stories > sections > soundbites). It follows the cursor of the source
-- buffer and re-renders when the helper pushes a new outline.
local M = {}

local api = vim.api
local config = require('bulletin.config')
local state = require('bulletin.state')
local quotes = require('bulletin.quotes')
local nz = require('bulletin.state').nz

local ns = api.nvim_create_namespace('bulletin.outline')
local group = api.nvim_create_augroup('bulletin_outline', { clear = true })

-- tabpage -> {win, obuf, src, rows = {row -> item}}
local views = {}
local follow_setup -- defined below

M.KEYS = {
  { '<CR>', 'jump to the item' },
  { 'o', 'jump to the item' },
  { 'p', 'preview: show the item, stay in the outline' },
  { 'q', 'close the outline' },
  { '?', 'show these keys' },
}

-- One display line per item.
---@param buf integer
---@param it bulletin.OutlineItem
---@return string
function M.render_item(buf, it)
  local indent = string.rep('  ', math.max((it.level or 1) - 1, 0))
  if it.kind == 'story' then
    return indent .. (nz(it.title) or '(untitled story)'), 'bulletinTitle'
  elseif it.kind == 'section' then
    return indent .. (nz(it.tag) or ('[' .. tostring(nz(it.section)) .. ']')), 'bulletinTag'
  end
  local speaker = nz(it.speaker) or 'Anonymous'
  local text = quotes.text(buf, it)
  if text and text ~= '' then
    return indent .. speaker .. ': ' .. quotes.first_words(text, 6), 'bulletinSpeaker', #indent, #indent + #speaker
  end
  local role = nz(it.role)
  return indent .. speaker .. (role and (' (' .. role .. ')') or ''), 'bulletinSpeaker', #indent, #indent + #speaker
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

local function render(v)
  local lines, hls, rows = {}, {}, {}
  -- a stale tree (helper gone, buffer refused) is not shown
  local served = v.src and require('bulletin.nav').served(v.src)
  for _, it in ipairs(served and items_of(v.src) or {}) do
    local text, hl, s, e = M.render_item(v.src, it)
    lines[#lines + 1] = text
    rows[#lines] = it
    hls[#lines] = { hl, s, e }
  end
  if #lines == 0 then
    local problem = require('bulletin').helper_problem('show the outline')
    if problem then
      lines = { '(' .. problem:gsub('^bulletin: ', '') .. ')' }
    elseif v.src and require('bulletin.buffer').refused(v.src) then
      lines = { '(the helper refused this buffer as too big: no outline; :edit or :BulletinRestart tries again)' }
    elseif served then
      lines = { '(no stories, sections or soundbites)' }
    else
      lines = { '(waiting for the helper)' }
    end
  end
  v.rows = rows
  vim.bo[v.obuf].modifiable = true
  api.nvim_buf_set_lines(v.obuf, 0, -1, false, lines)
  vim.bo[v.obuf].modifiable = false
  vim.bo[v.obuf].modified = false
  api.nvim_buf_clear_namespace(v.obuf, ns, 0, -1)
  for row, h in pairs(hls) do
    local text = lines[row]
    local s = h[2] or (#text:match('^%s*'))
    local e = h[3] or #text
    api.nvim_buf_set_extmark(v.obuf, ns, row - 1, s, { end_col = e, hl_group = h[1] })
  end
end

-- The row of the deepest item containing line.
local function row_for(v, line)
  local best
  for row, it in pairs(v.rows) do
    if it.line <= line and (it.end_line or it.line) >= line then
      if not best or it.line > v.rows[best].line or (it.line == v.rows[best].line and row > best) then
        best = row
      end
    end
  end
  if not best then
    -- before the first item, or in a gap: the last item starting before line
    for row, it in pairs(v.rows) do
      if it.line <= line and (not best or row > best) then
        best = row
      end
    end
  end
  return best
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
  local row = row_for(v, api.nvim_win_get_cursor(win)[1])
  if row then
    api.nvim_win_set_cursor(v.win, { row, 0 })
  end
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

-- Jumps to the item under the cursor in the outline; keep_focus: preview.
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
  local win = source_win(v)
  api.nvim_set_current_win(win)
  vim.cmd("normal! m'")
  api.nvim_win_set_cursor(win, { math.min(it.line, api.nvim_buf_line_count(v.src)), 0 })
  vim.cmd('normal! zv')
  if keep_focus then
    vim.cmd('normal! zz')
    api.nvim_set_current_win(v.win)
  end
end

--- Echoes the outline window's keys (M.KEYS).
function M.help()
  local chunks = { { 'bulletin outline keys:\n', 'Title' } }
  for _, k in ipairs(M.KEYS) do
    chunks[#chunks + 1] = { string.format('  %-5s %s\n', k[1], k[2]) }
  end
  api.nvim_echo(chunks, true, {})
end

--- Closes the outline window of the current tab page.
function M.close()
  local tab = api.nvim_get_current_tabpage()
  local v = views[tab]
  views[tab] = nil
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

--- Opens (or focuses) the outline window of bulletin buf in this tab page.
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
  vim.bo[obuf].filetype = 'bulletinoutline'
  v = { win = win, obuf = obuf, src = buf, src_win = src_win, rows = {} }
  views[tab] = v
  local function map(lhs, fn)
    vim.keymap.set('n', lhs, fn, { buffer = obuf, nowait = true, silent = true })
  end
  map('<CR>', function() M.goto_item(false) end)
  map('o', function() M.goto_item(false) end)
  map('<2-LeftMouse>', function() M.goto_item(false) end)
  map('p', function() M.goto_item(true) end)
  map('q', M.close)
  map('?', M.help)
  api.nvim_create_autocmd('BufWipeout', {
    group = group,
    buffer = obuf,
    callback = function()
      for t, x in pairs(views) do
        if x.obuf == obuf then
          views[t] = nil
        end
      end
    end,
  })
  render(v)
  follow_setup(buf)
  -- put the outline cursor on the item around the source cursor
  local row = row_for(v, api.nvim_win_get_cursor(src_win)[1])
  if row then
    api.nvim_win_set_cursor(win, { row, 0 })
  end
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
  if v then
    local row = api.nvim_win_get_cursor(v.win)[1]
    render(v)
    local n = api.nvim_buf_line_count(v.obuf)
    api.nvim_win_set_cursor(v.win, { math.min(row, n), 0 })
  end
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

-- :BulletinOutline loclist
---@param buf integer
function M.loclist(buf)
  local items = {}
  for _, it in ipairs(items_of(buf)) do
    items[#items + 1] = { bufnr = buf, lnum = it.line, col = 1, text = (M.render_item(buf, it)) }
  end
  vim.fn.setloclist(0, {}, ' ', { title = 'bulletin outline', items = items })
  if config.options.open_qf then
    require('bulletin')._open_list('lwindow')
  end
  return items
end

return M
