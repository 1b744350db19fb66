-- bulletin.timing: on-air read times (issue 10), shown from the cache.
--
-- The helper computes (core/model/timing.c); each push carries `total`,
-- `target` and, in `times`, the seconds of the outline items whose time
-- changed (PROTOCOL.md "Timing"). M.apply() writes them into the cached
-- outline items (`seconds`); the rest of this module only reads:
--   M.statusline()   a short component: story n/N, title, section, elapsed / total
--   M.winbar()       the same as a breadcrumb, for 'winbar' (setup timing.winbar)
--   M.rundown()      :BulletinTiming, the rundown in a scratch window
--   M.mss(seconds)   "m:ss"
local M = {}

local api = vim.api
local state = require('bulletin.state')
local nz = state.nz

---"m:ss" of a number of seconds, rounded to the second ("-m:ss" below 0).
---@param sec number
---@return string
function M.mss(sec)
  local neg = sec < 0
  local s = math.floor(math.abs(sec) + 0.5)
  return string.format('%s%d:%02d', neg and '-' or '', math.floor(s / 60), s % 60)
end

-- Applies the timing of one push q (after its outline or splice) to the
-- buffer's cache. Returns true when item times changed (the outline views
-- redraw then).
---@param st table the buffer's cache (state.lua)
---@param q table a push
---@return boolean
function M.apply(st, q)
  if nz(q.outline) or nz(q.outline_splice) then
    st.timing_gen = (st.timing_gen or 0) + 1 -- the story index is rebuilt
  end
  if q.total == nil then
    return false -- a push that is not ready carries no timing
  end
  st.timing_total = nz(q.total)
  st.timing_target = nz(q.target)
  st.timing_new = true
  local tm = nz(q.times)
  -- by index: a pending line move of the outline stays pending, items not
  -- decoded yet get theirs when they are
  if type(tm) ~= 'table' or not state.set_times(st, tm[1], tm[2]) then
    return false
  end
  st.timing_gen = (st.timing_gen or 0) + 1
  return true
end

-- The stories of st (their item indexes) and when each starts, cached
-- until the next push that changes items or times.
local function stories(st)
  local c = st.timing_index
  if c and c.gen == st.timing_gen then
    return c
  end
  c = { gen = st.timing_gen, idx = {}, start = {} }
  local t = 0
  for i, it in ipairs(st.outline and st.outline.items or {}) do
    if it.kind == 'story' then
      c.idx[#c.idx + 1] = i
      c.start[#c.idx] = t
      t = t + (tonumber(it.seconds) or 0)
    end
  end
  st.timing_index = c
  return c
end

-- The story (its number in c.idx) holding line lnum, or nil.
local function story_at(items, c, lnum)
  local lo, hi = 1, #c.idx
  local found
  while lo <= hi do
    local mid = math.floor((lo + hi) / 2)
    if items[c.idx[mid]].line <= lnum then
      found, lo = mid, mid + 1
    else
      hi = mid - 1
    end
  end
  if found and items[c.idx[found]].end_line >= lnum then
    return found
  end
  return nil
end

-- What the cursor of win stands in: the story number, the story item, the
-- section item, the elapsed time (the story's start plus its sections that
-- end before the cursor), the total. nil without timing.
local function where(buf, win)
  local st = state.get(buf)
  if not st or not st.outline or not st.timing_total then
    return nil
  end
  local items = st.outline.items or {}
  local c = stories(st)
  local lnum = api.nvim_win_get_cursor(win)[1]
  local k = story_at(items, c, lnum)
  local r = { n = k, count = #c.idx, total = st.timing_total, target = st.timing_target, elapsed = 0 }
  if not k then
    -- before the first story, or after the last one's end
    if #c.idx > 0 and lnum > items[c.idx[#c.idx]].end_line then
      r.elapsed = st.timing_total
    end
    return r
  end
  r.story = items[c.idx[k]]
  r.elapsed = c.start[k]
  local last = k < #c.idx and c.idx[k + 1] - 1 or #items
  for i = c.idx[k] + 1, last do
    local it = items[i]
    if it.level == 2 and it.kind == 'section' then
      if it.line <= lnum and it.end_line >= lnum then
        r.section = it
      end
      if it.end_line < lnum then
        r.elapsed = r.elapsed + (tonumber(it.seconds) or 0)
      end
    end
  end
  return r
end

local function clock(r)
  local s = M.mss(r.elapsed) .. ' / ' .. M.mss(r.total)
  if r.target and r.total > r.target then
    s = s .. ' (+' .. M.mss(r.total - r.target) .. ')'
  end
  return s
end

-- '%' is special in 'statusline' and 'winbar'.
local function esc(s)
  return (s:gsub('%%', '%%%%'))
end

---A short status line component for the current window: "2/3 Heat Wave
---Grips the Capital › report  0:38 / 1:23" (story n/N, its title, the
---section under the cursor, elapsed / total, "+m:ss" over the target).
---'' outside a bulletin or before the first push. For lualine, heirline or
---'statusline' (`%{%v:lua.require'bulletin'.statusline()%}`).
---@return string
function M.statusline()
  local ok, r = pcall(where, api.nvim_get_current_buf(), api.nvim_get_current_win())
  if not ok or not r then
    return ''
  end
  local parts = {}
  if r.story then
    parts[#parts + 1] = string.format('%d/%d %s', r.n, r.count, nz(r.story.title) or '(untitled)')
  end
  if r.section then
    parts[#parts + 1] = nz(r.section.section) or nz(r.section.tag) or 'section'
  end
  local head = table.concat(parts, ' › ')
  return esc((head ~= '' and head .. '  ' or '') .. clock(r))
end

---The winbar breadcrumb: story › section › soundbite under the cursor, and
---the clock. '' outside a bulletin.
---@return string
function M.winbar()
  local win = vim.g.statusline_winid or api.nvim_get_current_win()
  local buf = api.nvim_win_get_buf(win)
  local ok, r = pcall(where, buf, win)
  if not ok or not r then
    return ''
  end
  local parts = {}
  if r.story then
    parts[#parts + 1] = nz(r.story.title) or '(untitled)'
  end
  if r.section then
    parts[#parts + 1] = nz(r.section.tag) or nz(r.section.section) or 'section'
  end
  return esc(' ' .. table.concat(parts, ' › ') .. '  ' .. clock(r))
end

M.WINBAR = "%{%v:lua.require'bulletin.timing'.winbar()%}"

-- ---- the rundown (:BulletinTiming) ----

local rundowns = {} -- source buffer -> rundown buffer

-- The rundown of buf as lines: one per story (line, start, length,
-- backtime, title), the total and the target.
---@param buf integer
---@return string[]
function M.rundown_lines(buf)
  local st = state.get(buf)
  if not st or not st.outline or not st.timing_total then
    return { 'bulletin: no timing yet' }
  end
  local items = st.outline.items or {}
  local total, target = st.timing_total, st.timing_target
  local head = 'total ' .. M.mss(total)
  if target then
    local d = total - target
    head = head .. ', target ' .. M.mss(target) .. ', ' .. M.mss(math.abs(d)) .. (d > 0 and ' over' or ' under')
  end
  local lines = { head, string.format('%6s  %7s  %7s  %8s  %s', 'line', 'start', 'length', 'backtime', 'story') }
  local t, fin = 0, target or total
  for _, it in ipairs(items) do
    if it.kind == 'story' then
      local s = tonumber(it.seconds) or 0
      lines[#lines + 1] = string.format('%6d  %7s  %7s  %8s  %s', it.line, M.mss(t), M.mss(s), M.mss(fin - t),
        nz(it.title) or '(untitled)')
      t = t + s
    end
  end
  return lines
end

local function fill(rb, src)
  if not api.nvim_buf_is_valid(rb) then
    return
  end
  vim.bo[rb].modifiable = true
  api.nvim_buf_set_lines(rb, 0, -1, false, M.rundown_lines(src))
  vim.bo[rb].modifiable = false
end

---:BulletinTiming: the rundown of the current bulletin in a scratch window
---below; it follows the edits. <CR> jumps to the story under the cursor.
function M.rundown()
  local src = api.nvim_get_current_buf()
  if not state.get(src) then
    vim.notify('bulletin: :BulletinTiming works in a bulletin buffer', vim.log.levels.WARN)
    return
  end
  local rb = rundowns[src]
  if not rb or not api.nvim_buf_is_valid(rb) then
    rb = api.nvim_create_buf(false, true)
    vim.bo[rb].bufhidden = 'wipe'
    vim.bo[rb].filetype = 'bulletin-timing'
    pcall(api.nvim_buf_set_name, rb, 'bulletin-timing://' .. src)
    rundowns[src] = rb
    vim.keymap.set('n', '<CR>', function()
      local l = tonumber(api.nvim_get_current_line():match('^%s*(%d+)%s'))
      local win = vim.fn.bufwinid(src)
      if l and win ~= -1 then
        api.nvim_set_current_win(win)
        api.nvim_win_set_cursor(win, { l, 0 })
      end
    end, { buffer = rb, desc = 'bulletin: go to the story' })
    vim.keymap.set('n', 'q', '<Cmd>close<CR>', { buffer = rb })
  end
  fill(rb, src)
  local win = vim.fn.bufwinid(rb)
  if win == -1 then
    vim.cmd('botright ' .. math.min(#M.rundown_lines(src) + 1, 15) .. 'split')
    api.nvim_win_set_buf(0, rb)
    vim.wo.number = false
    vim.wo.wrap = false
  else
    api.nvim_set_current_win(win)
  end
end

---After a push was applied to buf (not partial): the rundown window and
---the status lines follow.
---@param buf integer
function M.on_update(buf)
  local st = state.get(buf)
  if not st or not st.timing_new then
    return
  end
  st.timing_new = nil
  local rb = rundowns[buf]
  if rb then
    if api.nvim_buf_is_valid(rb) then
      fill(rb, buf)
    else
      rundowns[buf] = nil
    end
  end
  pcall(vim.cmd, 'redrawstatus')
end

-- ---- winbar ----

---Sets 'winbar' (Neovim 0.8+) in the windows showing a bulletin, now and
---when one is shown, while setup({ timing = { winbar = true } }) says so.
---@param on boolean
function M.set_winbar(on)
  if vim.fn.has('nvim-0.8') == 0 then
    return
  end
  local group = api.nvim_create_augroup('bulletin_timing_winbar', { clear = true })
  local function apply(win)
    local buf = api.nvim_win_get_buf(win)
    if vim.bo[buf].filetype == 'bulletin' then
      if on then
        vim.wo[win].winbar = M.WINBAR
      elseif vim.wo[win].winbar == M.WINBAR then
        vim.wo[win].winbar = ''
      end
    end
  end
  for _, win in ipairs(api.nvim_list_wins()) do
    apply(win)
  end
  if on then
    api.nvim_create_autocmd({ 'BufWinEnter', 'FileType' }, {
      group = group,
      callback = function()
        apply(api.nvim_get_current_win())
      end,
    })
  end
end

return M
