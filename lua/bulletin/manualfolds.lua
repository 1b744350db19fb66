-- bulletin.manualfolds: manual folds for big buffers, built from the cache.
--
-- With 'foldmethod' expr, Neovim evaluates 'foldexpr' for every line the
-- first time a window is drawn, and again whenever the plugin asks it to
-- (there is no public ranged update): some 60-100 ms per 100,000 lines,
-- once at open and again after every push that changes a fold. A buffer of
-- MANUAL_MIN lines or more therefore gets 'foldmethod' manual instead, its
-- folds created from the cached fold values (`:N,Mfold`, as nvim-ufo does):
-- all of them in time slices after the first push, then only those of the
-- top-level folds that a push or an edit touched, keeping the user's
-- closed folds. Smaller buffers keep the expr folds of bulletin.folds. The
-- size is where manual folds start to pay (bench_nvim.sh, BENCH_MANUAL_MIN,
-- on Neovim 0.10): at 10,000 lines opening a [REPORT] section took 14 ms
-- with expr folds against 2 ms, and the longest stall after :edit 50-60 ms
-- against 18 ms; at 5,000 lines 5-9 ms against 2.5-3.5 ms.
local M = {}

local state = require('bulletin.state')
local folds = require('bulletin.folds') -- its 'foldtext' (folds.TEXT)

local api = vim.api
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
  cmd('setlocal foldmethod=manual foldtext=' .. folds.TEXT)
  local fl = require('bulletin.config').options.foldlevel
  if fl then
    cmd('setlocal foldlevel=' .. tonumber(fl))
  end
end

---Whether win shows buf with the plugin's manual folds.
---@param win integer
---@return boolean
function M.manual_win(win)
  return vim.wo[win].foldmethod == 'manual' and vim.wo[win].foldtext == folds.TEXT
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
    if fw[win] == nil and M.manual_win(win) then
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

-- The first line of [l, b] in a closed fold, with that fold's start and
-- end (in the current window); nil when there is none.
local function next_closed(l, b)
  while l <= b do
    local c = fn.foldclosed(l)
    if c ~= -1 then
      return l, c, fn.foldclosedend(l)
    end
    l = l + 1
  end
end

-- The closed folds of lines [a, b] and the range they reach: a flat list
-- {start, end, ...} of the outermost closed ones (in the current window).
local function closed_in(f, n, a, b)
  while true do
    local rec, grew = {}, false
    local _, c, e = next_closed(a, b)
    while c do
      rec[#rec + 1] = c
      rec[#rec + 1] = e
      if c < a then
        a, grew = c, true
      end
      if e > b then
        b, grew = e, true
      end
      _, c, e = next_closed(e + 1, b)
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
  local l, _, last = next_closed(a, b)
  while l do
    api.nvim_win_set_cursor(0, { l, 0 })
    pcall(cmd, 'normal! zD')
    l, _, last = next_closed(math.max(last, l) + 1, b)
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

---Removes the plugin's manual folds and options from win.
---@param win integer
function M.unset_manual(win)
  api.nvim_win_call(win, function()
    if M.manual_win(win) then
      pcall(cmd, 'normal! zE')
      cmd('setlocal foldmethod< foldtext<')
      if require('bulletin.config').options.foldlevel then
        cmd('setlocal foldlevel<')
      end
    end
  end)
end

local group = api.nvim_create_augroup('bulletin.manualfolds', { clear = true })
api.nvim_create_autocmd('InsertLeave', {
  group = group,
  callback = function()
    for _, st in pairs(state.all()) do
      M.resume(st)
    end
  end,
})

return M
