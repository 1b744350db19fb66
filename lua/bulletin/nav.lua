-- bulletin.nav: ]] [[ ]" [" from the cached outline, and the iq/aq text
-- objects. Never touches the search register or the search history.
local M = {}

local api = vim.api
local state = require('bulletin.state')
local quotes = require('bulletin.quotes')

-- Regex fallbacks for syntax-only mode (search() leaves @/ alone).
local FALLBACK = {
  section = [[\v^\s*\[(LEAD|REPORT|Anchor Lead|Anchor|Pkg|Report)\]|^(Anchor|Report):]],
  quote = [[\v^\s*\[(Soundbite|Sound bites?)>|^\u\S*( \S+){0,5} / \S]],
}

-- The state of buf when its outline can be trusted: the helper runs and
-- serves buf. Else nil: syntax-only mode (helper missing, failed, stopped,
-- or buf refused as too big), where the outline is stale or absent.
local function served(buf)
  local st = state.get(buf)
  if not st or not st.outline or require('bulletin.helper').status ~= 'running' then
    return nil
  end
  if require('bulletin.buffer').refused(buf) then
    return nil
  end
  return st
end
M.served = served

-- Sorted, distinct 1-based target lines of a kind.
local function targets(st, what)
  local lines, seen = {}, {}
  for _, it in ipairs(st.outline.items or {}) do
    local ok
    if what == 'section' then
      ok = it.kind == 'section' or it.kind == 'story'
    else
      ok = it.kind == 'quote'
    end
    if ok and not seen[it.line] then
      seen[it.line] = true
      lines[#lines + 1] = it.line
    end
  end
  table.sort(lines)
  return lines
end

-- Moves the cursor count times to the next (dir 1) or previous (dir -1)
-- section ('section') or soundbite ('quote').
---@param what 'section'|'quote'
---@param dir 1|-1
---@param count? integer default v:count1
function M.jump(what, dir, count)
  count = count or vim.v.count1
  if count < 1 then
    count = 1
  end
  local buf = api.nvim_get_current_buf()
  local cur = api.nvim_win_get_cursor(0)[1]
  local st = served(buf)
  local target
  if st then
    local lines = targets(st, what)
    if dir > 0 then
      local n = 0
      for _, l in ipairs(lines) do
        if l > cur then
          n = n + 1
          target = l
          if n == count then
            break
          end
        end
      end
    else
      local n = 0
      for i = #lines, 1, -1 do
        local l = lines[i]
        if l < cur then
          n = n + 1
          target = l
          if n == count then
            break
          end
        end
      end
    end
  else
    local save = api.nvim_win_get_cursor(0)
    local flags = dir > 0 and 'W' or 'bW'
    for _ = 1, count do
      local l = vim.fn.search(FALLBACK[what], flags)
      if l == 0 then
        break
      end
      target = l
    end
    api.nvim_win_set_cursor(0, save)
  end
  if not target then
    return false
  end
  local mode = api.nvim_get_mode().mode
  -- a jumplist entry, in Normal mode (in Visual and Operator-pending mode
  -- the motion only moves the cursor)
  if mode == 'n' then
    vim.cmd("normal! m'")
  end
  api.nvim_win_set_cursor(0, { target, 0 })
  -- open folds at the target as the built-in ]] does: when 'foldopen' has
  -- "block" (or "all"), not for an operator (d]] takes whole closed folds)
  if mode:sub(1, 2) ~= 'no' and M.foldopen() then
    M.open_folds(target)
  end
  return true
end

-- Opens just enough folds to show line (as zv does, in any mode).
---@param line integer 1-based
function M.open_folds(line)
  local n = 0
  while vim.fn.foldclosed(line) ~= -1 and n < 100 do
    vim.cmd(line .. 'foldopen')
    n = n + 1
  end
end

-- Whether 'foldopen' asks motions like ]] to open folds.
---@return boolean
function M.foldopen()
  for _, item in ipairs(vim.split(vim.o.foldopen, ',', { plain = true })) do
    if item == 'block' or item == 'all' then
      return true
    end
  end
  return false
end

-- The innermost soundbite around line (1-based), or nil.
local function quote_at(st, line)
  local found
  for _, it in ipairs(st.outline and st.outline.items or {}) do
    if it.kind == 'quote' and it.line <= line and (it.end_line or it.line) >= line then
      found = it
    end
  end
  return found
end

-- Whether the cursor is in a soundbite that iq (inner) / aq can select.
local function can_select(inner)
  local st = served(api.nvim_get_current_buf())
  local it = st and quote_at(st, api.nvim_win_get_cursor(0)[1])
  if not it then
    return false
  end
  return not inner or M.quote_range(api.nvim_get_current_buf(), it) ~= nil
end

-- The keys of the iq/aq maps (<expr>, Visual and Operator-pending mode):
-- a <Cmd> that selects the soundbite at the cursor (no command-line
-- history entry, repeatable with .) when there is one; else nothing in
-- Visual mode (the selection stays) and <C-\><C-N> for an operator, which
-- cancels it as a failing built-in text object does: `ciq` does not start
-- Insert mode, `yiq` and `diq` touch no register and add no undo step.
---@param inner boolean iq (true) or aq (false)
---@return string # keys for the <expr> map
function M.quote_expr(inner)
  if can_select(inner) then
    local cmd = '<Cmd>lua require("bulletin.nav").select_quote(' .. tostring(inner) .. ')<CR>'
    return api.nvim_replace_termcodes(cmd, true, false, true)
  end
  if api.nvim_get_mode().mode:sub(1, 2) == 'no' then
    return '\28\14'
  end
  return ''
end

-- The quote text of soundbite item `it` as the positions of its first and
-- last character: srow, scol, erow, ecol (0-based rows, byte columns, ecol
-- the first byte of the last character), or nil when it has none or the
-- helper's span does not fit the buffer (yet).
---@param buf integer
---@param it bulletin.OutlineItem
---@return integer? srow
---@return integer? scol
---@return integer? erow
---@return integer? ecol
function M.quote_range(buf, it)
  local sp = quotes.span(it)
  if not sp then
    return nil
  end
  local srow, scol, erow, ecol = sp[1], sp[2], sp[3], sp[4]
  local n = api.nvim_buf_line_count(buf)
  if ecol == 0 and erow > srow then
    -- ends at the end of the previous line
    erow = erow - 1
    ecol = #(api.nvim_buf_get_lines(buf, erow, erow + 1, false)[1] or '')
  end
  if srow < 0 or erow >= n or erow < srow or (erow == srow and ecol <= scol) then
    return nil
  end
  local last = api.nvim_buf_get_lines(buf, erow, erow + 1, false)[1] or ''
  if ecol > #last then
    return nil
  end
  local c = ecol - 1
  -- step back to the first byte of a multibyte character
  while c > 0 and bit.band(last:byte(c + 1) or 0, 0xC0) == 0x80 do
    c = c - 1
  end
  return srow, scol, erow, c
end

-- Selects a soundbite: inner = its quote text (charwise, where the helper
-- says it is), else its lines from the attribution or tag to the end
-- (linewise).
---@param inner boolean
function M.select_quote(inner)
  local buf = api.nvim_get_current_buf()
  local st = served(buf)
  local line = api.nvim_win_get_cursor(0)[1]
  local it = st and quote_at(st, line)
  if not it then
    vim.cmd('normal! \27') -- nothing to select (the maps check first)
    return false
  end
  local mode = api.nvim_get_mode().mode
  if mode == 'v' or mode == 'V' or mode == '\22' then
    vim.cmd('normal! \27') -- from Visual mode: a new selection
  end
  -- a closed fold would make the selection (and the operator) take the
  -- whole fold: open just enough folds to show the soundbite
  M.open_folds(it.line)
  M.open_folds(it.end_line or it.line)
  if inner then
    local srow, scol, erow, ecol = M.quote_range(buf, it)
    if not srow then
      vim.cmd('normal! \27')
      return false
    end
    api.nvim_win_set_cursor(0, { srow + 1, scol })
    vim.cmd('normal! v')
    api.nvim_win_set_cursor(0, { erow + 1, ecol })
  else
    api.nvim_win_set_cursor(0, { it.line, 0 })
    vim.cmd('normal! V')
    api.nvim_win_set_cursor(0, { it.end_line or it.line, 0 })
  end
  return true
end

return M
