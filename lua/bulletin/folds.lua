-- bulletin.folds: 'foldexpr' and 'foldtext' answered from the cache.
--
-- The answers ('>N' where the helper says a fold starts, 'N' elsewhere:
-- absolute levels only, never '=', 'a' or 's') are mirrored into a Vim list,
-- b:bulletin_folds, and 'foldexpr' indexes it: no call into Lua per line,
-- which on Neovim 0.7 makes evaluating every line of a long bulletin about
-- three times cheaper than a v:lua function. The list is spliced with the
-- Lua cache on every edit and updated by range on every push.
local M = {}

local state = require('bulletin.state')

local api = vim.api
local get_current_buf = api.nvim_get_current_buf

M.VAR = 'bulletin_folds'
M.EXPR = 'get(b:bulletin_folds,v:lnum-1,0)'
M.TEXT = "v:lua.require'bulletin.folds'.text()"

local START = { '>1', '>2', '>3', '>4', '>5', '>6', '>7', '>8', '>9' }

-- The foldexpr answer for 1-based line i.
local function answer(st, i)
  local v = st.folds[i] or 0
  local lv = v % 4
  if v >= 4 and lv > 0 then
    return START[lv]
  end
  return lv
end

-- What 'foldexpr' answers for line lnum of buf (tests, debugging).
---@param lnum integer
---@param buf integer|nil
---@return integer|string 'foldexpr' answer
function M.expr(lnum, buf)
  local st = state.get(buf or get_current_buf())
  return st and answer(st, lnum) or 0
end

-- Sets the whole mirror from the cache.
---@param st bulletin.State
function M.mirror_full(st)
  local n = #st.folds
  local a = {}
  for i = 1, n do
    a[i] = answer(st, i)
  end
  api.nvim_buf_set_var(st.buf, M.VAR, a)
  st.mirror_n = n
end

-- Appends the answers of 1-based lines [from, to] to the mirror (from == 1
-- starts it): a big push arrives in pieces (PROTOCOL.md, "Big pushes come
-- in pieces") and is mirrored piece by piece. Each piece goes through
-- v:lua, so only it is converted.
local chunk = nil
---@return table|nil the piece being appended (read through v:lua)
function M.chunk()
  return chunk
end

---@param st bulletin.State
---@param from integer 1-based first line
---@param to integer last line
function M.mirror_append(st, from, to)
  local a = {}
  for i = from, to do
    a[#a + 1] = answer(st, i)
  end
  if from == 1 then
    api.nvim_buf_set_var(st.buf, M.VAR, a)
    st.mirror_n = #a
    return
  end
  if not st.mirror_n then
    return
  end
  chunk = a
  local ok = pcall(api.nvim_command, string.format(
    "call extend(getbufvar(%d, '%s'), v:lua.require'bulletin.folds'.chunk())", st.buf, M.VAR))
  chunk = nil
  st.mirror_n = ok and st.mirror_n + #a or nil
end

local function literal(st, from, to, fill)
  local parts = {}
  for i = from, to do
    local v = fill or answer(st, i)
    parts[#parts + 1] = type(v) == 'string' and ("'" .. v .. "'") or tostring(v)
  end
  return '[' .. table.concat(parts, ',') .. ']'
end

-- Mirrors state.splice(): `old` entries from 0-based row `first` become
-- `new` entries of level fill. Runs inside on_bytes: never raises.
---@param st bulletin.State
---@param first integer 0-based row
---@param old integer
---@param new integer
---@param fill integer
function M.mirror_splice(st, first, old, new, fill)
  if not st.mirror_n then
    return
  end
  local n = st.mirror_n
  if first > n then
    first = n
  end
  if first + old > n then
    old = n - first
  end
  local cmds = {}
  local var = string.format('getbufvar(%d,%q)', st.buf, M.VAR)
  if old > 0 then
    cmds[#cmds + 1] = string.format('call remove(%s,%d,%d)', var, first, first + old - 1)
  end
  if new > 0 then
    local vals = {}
    for i = 1, new do
      vals[i] = tostring(fill)
    end
    cmds[#cmds + 1] = string.format('call extend(%s,[%s],%d)', var, table.concat(vals, ','), first)
  end
  for _, c in ipairs(cmds) do
    if not pcall(api.nvim_command, c) then
      st.mirror_n = nil -- rebuilt whole at the next push
      return
    end
  end
  st.mirror_n = n - old + new
end

-- Brings the mirror up to date after a push changed rows [lo, hi).
---@param st bulletin.State
---@param lo integer|nil 0-based first row changed
---@param hi integer|nil end row
function M.mirror_update(st, lo, hi)
  local n = #st.folds
  if st.mirror_n ~= n or not lo or hi - lo > math.max(2000, n / 4) then
    if st.mirror_n ~= n or lo then
      M.mirror_full(st)
    end
    return
  end
  local var = string.format('getbufvar(%d,%q)', st.buf, M.VAR)
  local ok = pcall(api.nvim_command, string.format('call remove(%s,%d,%d)', var, lo, hi - 1))
  ok = ok and pcall(api.nvim_command, string.format('call extend(%s,%s,%d)', var, literal(st, lo + 1, hi), lo))
  if not ok then
    M.mirror_full(st)
  end
end

---@param buf integer
function M.mirror_drop(buf)
  pcall(api.nvim_buf_del_var, buf, M.VAR)
end

-- Manual folds for big buffers ------------------------------------------
--
-- With 'foldmethod' expr, Neovim evaluates 'foldexpr' for every line the
-- first time a window is drawn, and again whenever the plugin asks it to
-- (there is no public ranged update): some 60-100 ms per 100,000 lines,
-- once at open and again after every push that changes a fold. A buffer of
-- MANUAL_MIN lines or more therefore gets 'foldmethod' manual instead, its
-- folds created from the cached fold values (`:N,Mfold`, as nvim-ufo does):
-- all of them in time slices after the first push, then only those of the
-- top-level folds that a push or an edit touched, keeping the user's
-- closed folds. Smaller buffers keep the expr folds above. The size is
-- where manual folds start to pay (bench_nvim.sh, BENCH_MANUAL_MIN, on
-- Neovim 0.10): at 10,000 lines opening a [REPORT] section took 14 ms with
-- expr folds against 2 ms, and the longest stall after :edit 50-60 ms
-- against 18 ms; at 5,000 lines 5-9 ms against 2.5-3.5 ms.
M.MANUAL_MIN = 5000
local SLICE_NS = 4e6 -- a build runs at most this long per main-loop turn
local BIG = 5000 -- an update spanning more lines rebuilds in slices

local fn = vim.fn
local cmd = api.nvim_command

-- Whether a top-level fold region starts at 1-based line i of values f.
local function is_top(f, i)
  if i <= 1 then
    return true
  end
  local v = f[i] or 0
  local l = v % 4
  return l == 0 or (f[i - 1] or 0) % 4 == 0 or (v >= 4 and l == 1)
end

local function top_start(f, a)
  while a > 1 and not is_top(f, a) do
    a = a - 1
  end
  return a
end

local function top_end(f, b, n)
  while b < n and not is_top(f, b + 1) do
    b = b + 1
  end
  return b
end

---The folds that 'foldexpr' would make of 1-based lines [a, b] of the fold
---values f (a and b + 1 start top-level regions): a flat list {start, end,
---depth, ...}, children before their parent (so that a fold created from it
---contains the folds created before it, and is itself top-level when made).
---@param f integer[] fold values (level + 4 where a fold starts)
---@param a integer first line
---@param b integer last line
---@return integer[]
function M.ranges(f, a, b)
  local out, starts = {}, {}
  local depth = 0
  for i = a, b do
    local v = f[i] or 0
    local l = v % 4
    local keep = (v >= 4 and l > 0) and l - 1 or l
    while depth > keep do
      out[#out + 1] = starts[depth]
      out[#out + 1] = i - 1
      out[#out + 1] = depth
      depth = depth - 1
    end
    while depth < l do
      depth = depth + 1
      starts[depth] = i
    end
  end
  while depth > 0 do
    out[#out + 1] = starts[depth]
    out[#out + 1] = b
    out[#out + 1] = depth
    depth = depth - 1
  end
  return out
end

-- Window options for manual folds (in the window).
local function manual_opts()
  cmd('setlocal foldmethod=manual foldtext=' .. M.TEXT)
  local fl = require('bulletin.config').options.foldlevel
  if fl then
    cmd('setlocal foldlevel=' .. tonumber(fl))
  end
end

---Whether win shows buf with the plugin's manual folds.
---@param win integer
---@return boolean
local function manual_win(win)
  return vim.wo[win].foldmethod == 'manual' and vim.wo[win].foldtext == M.TEXT
end

-- The windows of st with manual folds: st.fwin[win] is true (built), a
-- line number (built up to the line before it) or 'restart'. Windows no
-- longer showing the buffer are forgotten; a split of a built window
-- (Neovim copies its folds) is adopted, one made while a build runs is
-- built again.
local function windows(st)
  local fw = st.fwin
  local building = false
  for win, c in pairs(fw) do
    if not api.nvim_win_is_valid(win) or api.nvim_win_get_buf(win) ~= st.buf then
      fw[win] = nil
    elseif c ~= true then
      building = true
    end
  end
  for _, win in ipairs(fn.win_findbuf(st.buf)) do
    if fw[win] == nil and manual_win(win) then
      fw[win] = building and 'restart' or true
    end
  end
  return fw
end

-- Runs fun in win with 'foldenable' on and 'foldminlines' 0 (foldclosed()
-- sees every closed fold), the view kept.
local function in_win(win, fun)
  api.nvim_win_call(win, function()
    local fen, fml = vim.wo.foldenable, vim.wo.foldminlines
    local view = fn.winsaveview()
    if not fen then
      cmd('setlocal foldenable')
    end
    if fml ~= 0 then
      cmd('setlocal foldminlines=0')
    end
    local ok, err = pcall(fun)
    if fml ~= 0 then
      cmd('setlocal foldminlines=' .. fml)
    end
    if not fen then
      cmd('setlocal nofoldenable')
    end
    fn.winrestview(view)
    if not ok then
      error(err)
    end
  end)
end

local schedule

-- One slice of the builds of st: returns true when one is unfinished.
local function build_slice(st)
  local f = st.folds
  local n = #f
  -- while a big push's pieces come in, the regions they completed: up to
  -- the one the last piece ends in
  local limit = st.partial and top_start(f, n) - 1 or n
  local t0 = vim.loop.hrtime()
  local more = false
  for win, c in pairs(windows(st)) do
    if c ~= true then
      in_win(win, function()
        if c == 'restart' then
          cmd('normal! zE')
          c = 1
        end
        while c <= limit and vim.loop.hrtime() - t0 < SLICE_NS do
          local b = top_end(f, math.min(limit, c + 999), limit)
          local out = M.ranges(f, c, b)
          for k = 1, #out, 3 do
            cmd(out[k] .. ',' .. out[k + 1] .. 'fold')
          end
          c = b + 1
        end
        -- folds made by :fold are closed; 'foldlevel' decides, as for
        -- folds Neovim computes
        cmd('setlocal foldlevel=' .. vim.wo.foldlevel)
      end)
      if c > n then
        st.fwin[win] = true
      else
        st.fwin[win] = c
        more = more or c <= limit -- else the next piece resumes it
      end
    end
  end
  return more
end

-- Whether the plugin may change folds now: Normal mode only (never in
-- Insert mode, as Neovim does not update folds there; never in Visual or
-- Operator-pending mode, where `normal! zD` would act on a selection).
local function may_refold()
  return api.nvim_get_mode().mode == 'n'
end

local update_pending, build_active

local function run(st)
  st.fsched = nil
  if st.dropped or not api.nvim_buf_is_valid(st.buf) or not st.manual then
    return
  end
  local ok, more = pcall(build_slice, st)
  if ok and st.fdirty and not more then
    if may_refold() then
      ok, more = pcall(update_pending, st)
    else
      schedule(st, 50) -- checked again soon (and at InsertLeave)
      return
    end
  end
  if not ok then
    st.fwin, st.fdirty = {}, nil -- folds left as they are
    return
  end
  if more then
    schedule(st, 0)
  end
end

-- Runs the builds and pending updates of st in later main-loop turns (a
-- timer: Neovim redraws between two of them).
function schedule(st, ms)
  if st.fsched then
    return
  end
  st.fsched = true
  vim.defer_fn(function()
    run(st)
  end, ms or 0)
end

---Sets manual folds up in win for st (a big buffer) and builds them all in
---slices.
---@param win integer
---@param st bulletin.State
function M.set_manual(win, st)
  api.nvim_win_call(win, function()
    manual_opts()
    cmd('normal! zE')
  end)
  st.fwin[win] = 1
  schedule(st, 0)
end

-- Whether a window of st still has manual folds to build.
function build_active(st)
  for _, c in pairs(st.fwin) do
    if c ~= true then
      return true
    end
  end
  return false
end

---Builds on after a piece of a big push came in.
---@param st bulletin.State
function M.resume_build(st)
  if M.building(st) then
    schedule(st, 0)
  end
end

---Whether the manual folds of st are not ready yet: being built, or
---waiting to be updated in Normal mode (in Insert mode they wait for
---InsertLeave, as Neovim's own folds do).
---@param st bulletin.State
---@return boolean
function M.building(st)
  if not st.manual then
    return false
  end
  if st.fdirty and may_refold() then
    return true
  end
  return build_active(st)
end

-- The closed folds of lines [a, b] and the range they reach: a flat list
-- {start, end, ...} of the outermost closed ones (in the current window).
local function closed_in(f, n, a, b)
  while true do
    local rec, grew = {}, false
    local l = a
    while l <= b do
      local c = fn.foldclosed(l)
      if c == -1 then
        l = l + 1
      else
        local e = fn.foldclosedend(l)
        rec[#rec + 1] = c
        rec[#rec + 1] = e
        if c < a then
          a, grew = c, true
        end
        if e > b then
          b, grew = e, true
        end
        l = e + 1
      end
    end
    if not grew then
      return rec, a, b
    end
    a, b = top_start(f, a), top_end(f, math.min(b, n), n)
  end
end

-- Recreates the folds of lines [a, b] (top-level regions) in the current
-- window from the values f: the folds there now are deleted (closed
-- first, so that `zD` takes each whole), the new ones made closed and
-- opened unless the user had closed the fold there (nested folds inside a
-- closed one follow 'foldlevel', as Neovim's own would).
local function refold_win(f, n, a, b)
  local rec
  rec, a, b = closed_in(f, n, a, b)
  while true do
    pcall(cmd, a .. ',' .. b .. 'foldclose!')
    local c, e = fn.foldclosed(a), fn.foldclosedend(b)
    if not ((c ~= -1 and c < a) or e > b) then
      break
    end
    a = top_start(f, (c ~= -1 and c < a) and c or a)
    b = top_end(f, math.min(n, math.max(b, e)), n)
  end
  local l = a
  while l <= b do
    local c = fn.foldclosed(l)
    if c == -1 then
      l = l + 1
    else
      local e = fn.foldclosedend(l)
      api.nvim_win_set_cursor(0, { l, 0 })
      pcall(cmd, 'normal! zD')
      l = math.max(e, l) + 1
    end
  end
  local out = M.ranges(f, a, b)
  -- which new fold stands for each closed one: same start, nearest end
  local shut = {}
  for r = 1, #rec, 2 do
    local best, dist
    for k = 1, #out, 3 do
      if out[k] == rec[r] then
        local d = math.abs(out[k + 1] - rec[r + 1])
        if not dist or d <= dist then
          best, dist = k, d
        end
      end
    end
    if best then
      shut[best] = true
    end
  end
  local fdl = vim.wo.foldlevel
  for k = 1, #out, 3 do
    local s, e, d = out[k], out[k + 1], out[k + 2]
    cmd(s .. ',' .. e .. 'fold')
    local closed = shut[k]
    if not closed then
      for r = 1, #rec, 2 do
        if rec[r] <= s and e <= rec[r + 1] then
          closed = d - 1 >= fdl
          break
        end
      end
    end
    if not closed then
      cmd(s .. 'foldopen')
    end
  end
end

-- Applies the pending update of st (rows [lo, hi) changed, st.fdirty).
function update_pending(st)
  local d = st.fdirty
  st.fdirty = nil
  local f = st.folds
  local n = #f
  if n ~= api.nvim_buf_line_count(st.buf) then
    return false -- a push will come
  end
  local a = top_start(f, math.max(1, math.min(n, d[1] + 1)))
  local b = top_end(f, math.max(a, math.min(n, d[2])), n)
  local more = false
  for win, c in pairs(windows(st)) do
    if b - a >= BIG then
      st.fwin[win] = 'restart'
      more = true
    elseif c == true then
      in_win(win, function()
        refold_win(f, n, a, b)
      end)
    end
  end
  return more
end

---Notes a local edit of a manual-folds buffer (from on_bytes): rows
---[first, first + old) became [first, first + new). Neovim moves the folds
---with the text; the touched rows are refolded at the next push (or now).
---@param st bulletin.State
---@param first integer 0-based row
---@param old integer
---@param new integer
function M.note_edit(st, first, old, new)
  local delta = new - old
  for win, c in pairs(st.fwin) do
    if type(c) == 'number' then
      if first + old < c then
        st.fwin[win] = c + delta
      elseif first + 1 < c then
        st.fwin[win] = 'restart'
      end
    end
  end
  local function map(x, hi)
    if x < first then
      return x
    elseif x >= first + old then
      return x + delta
    end
    return hi and first + new or first
  end
  local d = st.fdirty
  if d then
    d[1], d[2] = map(d[1]), map(d[2], true)
  end
  -- Lines inserted where Neovim's own move of the folds gives what the
  -- values say (the new lines join every fold holding both the line above
  -- and the line below): no refold, unless the push changes the values.
  -- That is the case when no fold starts at the line below and it is not
  -- deeper than the line above (Enter or `o` inside a story's text).
  if old == 0 and new > 0 then
    local f = st.folds
    local below = f[first + new + 1]
    if below and below < 4 and (f[first] or 0) % 4 >= below then
      return
    end
  end
  local lo, hi = first, first + math.max(new, 1)
  if d then
    lo, hi = math.min(lo, d[1]), math.max(hi, d[2])
  end
  st.fdirty = { lo, hi }
end

---Refolds rows [lo, hi) of a manual-folds buffer (a push changed their
---values), with what local edits touched: now in Normal mode, else when
---Normal mode is back.
---@param st bulletin.State
---@param lo integer|nil 0-based first row, nil: only the local edits
---@param hi integer|nil end row (exclusive)
function M.update(st, lo, hi)
  local d = st.fdirty
  if lo then
    st.fdirty = d and { math.min(lo, d[1]), math.max(hi, d[2]) } or { lo, hi }
  end
  if not st.fdirty then
    return
  end
  if build_active(st) or not may_refold() then
    schedule(st, 0)
    return
  end
  local ok, more = pcall(update_pending, st)
  if ok and more then
    schedule(st, 0)
  end
end

-- After Insert mode: the updates that waited for it.
---@param st bulletin.State
function M.resume(st)
  if st.manual and st.fdirty then
    schedule(st, 0)
  end
end

-- Removes the plugin's manual folds and options from win.
local function unset_manual(win)
  api.nvim_win_call(win, function()
    if manual_win(win) then
      pcall(cmd, 'normal! zE')
      cmd('setlocal foldmethod< foldtext<')
      if require('bulletin.config').options.foldlevel then
        cmd('setlocal foldlevel<')
      end
    end
  end)
end

-- The index of the first outline item at or after 1-based line (items
-- are in line order): bisection, O(log items) per fold text.
local function first_at(items, line, line_of)
  local a, b = 1, #items + 1
  while a < b do
    local m = math.floor((a + b) / 2)
    if line_of(m) < line then
      a = m + 1
    else
      b = m
    end
  end
  return a
end

-- The item a fold starting at `line` with level `level` stands for.
local function fold_item(st, line, level)
  local items, line_of = state.items_by_line(st)
  if not items then
    return nil
  end
  local kind = level <= 1 and 'story' or (level == 2 and 'section' or 'quote')
  local last
  for i = first_at(items, line, line_of), #items do
    local it = items[i]
    if line_of(i) ~= line then
      break
    end
    if it.kind == kind then
      return it
    end
    last = it
  end
  return last
end

---The text of a closed fold.
---@param buf integer
---@param fs integer first line
---@param fe integer last line
---@param level integer fold level
---@return string
function M.summary(buf, fs, fe, level)
  local quotes = require('bulletin.quotes')
  local st = state.get(buf)
  local item = st and fold_item(st, fs, level)
  local nz = require('bulletin.state').nz
  local label
  local lines = api.nvim_buf_get_lines(buf, fs - 1, math.min(fe, fs + 20), false)
  local words = ''
  local sep = ': '
  if item and item.kind == 'quote' then
    label = nz(item.speaker) or 'Anonymous'
    if nz(item.role) then
      label = label .. ' (' .. item.role .. ')'
    end
    words = quotes.first_words(nz(item.quote) or '', 8)
  else
    local skip_first = false
    if item and item.kind == 'story' then
      label = nz(item.title) or '(untitled story)'
      skip_first = nz(item.title) ~= nil
    elseif item then
      label = nz(item.tag) or '[section]'
      sep = ' '
    else
      label = vim.trim(lines[1] or '')
      skip_first = true
    end
    -- first words of the first line with text: not the title line, not a
    -- bare tag line, not the label itself
    for i, l in ipairs(lines) do
      local t = vim.trim(l)
      if i == 1 and item and item.kind == 'section' and t:sub(1, #label) == label then
        t = vim.trim(t:sub(#label + 1))
      end
      if (i == 1 and skip_first) or t:match('^%[[^%]]*%]$') then
        t = ''
      end
      if t ~= '' then
        words = quotes.first_words(t, 8)
        break
      end
    end
  end
  local nq = 0
  local items, line_of
  if st then
    items, line_of = state.items_by_line(st)
  end
  if items then
    -- a closed fold costs O(its items), not O(all items), per redraw (and
    -- leaves a pending line move of the items pending)
    for i = first_at(items, fs, line_of), #items do
      local it = items[i]
      if line_of(i) > fe then
        break
      end
      if it.kind == 'quote' and it ~= item then
        nq = nq + 1
      end
    end
  end
  local n = fe - fs + 1
  local secs = item and tonumber(item.seconds) -- the read time (bulletin.timing)
  local tail = string.format('(%s%d line%s%s)', secs and require('bulletin.timing').mss(secs) .. ', ' or '', n,
    n == 1 and '' or 's',
    nq > 0 and string.format(', %d soundbite%s', nq, nq == 1 and '' or 's') or '')
  if words ~= '' then
    return label .. sep .. words .. ' ' .. tail
  end
  return label .. ' ' .. tail
end

---'foldtext'.
---@return string
function M.text()
  local ok, s = pcall(M.summary, get_current_buf(), vim.v.foldstart, vim.v.foldend, vim.v.foldlevel)
  if not ok then
    return vim.fn.foldtext()
  end
  return vim.v.folddashes .. ' ' .. s
end

---Sets the fold options of a window showing a bulletin: expr folds, or
---for a big buffer (st.manual) manual folds built from the cache.
---@param win integer
---@param st bulletin.State|nil
function M.set_win(win, st)
  if st and st.manual then
    M.set_manual(win, st)
    return
  end
  api.nvim_win_call(win, function()
    vim.cmd('setlocal foldmethod=expr foldexpr=' .. M.EXPR .. ' foldtext=' .. M.TEXT)
    local fl = require('bulletin.config').options.foldlevel
    if fl then
      vim.cmd('setlocal foldlevel=' .. tonumber(fl))
    end
  end)
end

---Gives win back the user's fold options (and removes the manual folds).
---@param win integer
function M.unset_win(win)
  if not api.nvim_win_is_valid(win) then
    return
  end
  if manual_win(win) then
    unset_manual(win)
    return
  end
  api.nvim_win_call(win, function()
    if vim.wo.foldexpr == M.EXPR then
      vim.cmd('setlocal foldmethod< foldexpr< foldtext<')
      if require('bulletin.config').options.foldlevel then
        vim.cmd('setlocal foldlevel<')
      end
    end
  end)
end

-- Re-evaluates the folds of every window showing buf, keeping the user's
-- open/closed folds: re-setting 'foldmethod' makes Neovim compute them again
-- (there is no public ranged update). Neovim does not re-evaluate folds in
-- Insert mode, and re-setting the option there would not show either: in
-- Insert mode the update waits for InsertLeave (pending[buf]).
local pending = {}
M.pending = pending

local function update_now(buf)
  pending[buf] = nil
  for _, win in ipairs(vim.fn.win_findbuf(buf)) do
    api.nvim_win_call(win, function()
      if vim.wo.foldmethod == 'expr' and vim.wo.foldexpr == M.EXPR then
        vim.cmd('setlocal foldmethod=expr')
      end
    end)
  end
end

local function inserting()
  local m = api.nvim_get_mode().mode
  return m:sub(1, 1) == 'i' or m:sub(1, 1) == 'R'
end

local group = api.nvim_create_augroup('bulletin.folds', { clear = true })
api.nvim_create_autocmd('InsertLeave', {
  group = group,
  callback = function()
    for _, st in pairs(state.all()) do
      M.resume(st)
    end
    for buf in pairs(pending) do
      if api.nvim_buf_is_valid(buf) then
        update_now(buf)
      else
        pending[buf] = nil
      end
    end
  end,
})

---Re-evaluates the expr folds of buf (after InsertLeave in Insert mode).
---@param buf integer
function M.refresh(buf)
  if inserting() then
    pending[buf] = true
  else
    update_now(buf)
  end
end

---@param buf integer|nil
function M.forget(buf)
  if buf then
    pending[buf] = nil
  end
end

return M
