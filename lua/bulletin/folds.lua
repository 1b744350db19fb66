-- bulletin.folds: 'foldexpr' and 'foldtext' answered from the cache.
--
-- The answers ('>N' where the helper says a fold starts, 'N' elsewhere:
-- absolute levels only, never '=', 'a' or 's') are mirrored into a Vim list,
-- b:bulletin_folds, and 'foldexpr' indexes it: no call into Lua per line,
-- which on Neovim 0.7 makes evaluating every line of a long bulletin about
-- three times cheaper than a v:lua function. The list is spliced with the
-- Lua cache on every edit and updated by range on every push. A big
-- buffer gets manual folds instead (bulletin.manualfolds), with the same
-- 'foldtext'.
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
  local items, line_of = state.items_by_line(st, line)
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
    items, line_of = state.items_by_line(st, fe)
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

-- bulletin.manualfolds, which makes the manual folds of big buffers: it
-- requires this module (its 'foldtext'), so it is required when used.
local function manualfolds()
  return require('bulletin.manualfolds')
end

---Sets the fold options of a window showing a bulletin: expr folds, or
---for a big buffer (st.manual) manual folds built from the cache
---(bulletin.manualfolds).
---@param win integer
---@param st bulletin.State|nil
function M.set_win(win, st)
  if st and st.manual then
    manualfolds().set_manual(win, st)
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
  local mf = manualfolds()
  if mf.manual_win(win) then
    mf.unset_manual(win)
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
