-- bulletin.folds: 'foldexpr' and 'foldtext' answered from the cache.
--
-- foldexpr returns absolute levels only ('>N' where an outline item starts,
-- 'N' elsewhere), never '=', 'a' or 's': evaluating a line costs one table
-- lookup and never depends on its neighbours.
local M = {}

local state = require('bulletin.state')
local quotes = require('bulletin.quotes')

local api = vim.api
local get_current_buf = api.nvim_get_current_buf

M.EXPR = "v:lua.require'bulletin.folds'.expr(v:lnum)"
M.TEXT = "v:lua.require'bulletin.folds'.text()"

local cur_buf, cur_st -- one-entry cache: foldexpr is called line by line
local START = { '>1', '>2', '>3', '>4', '>5', '>6', '>7', '>8', '>9' }

function M.expr(lnum)
  local buf = get_current_buf()
  local st = cur_st
  if buf ~= cur_buf or not st or st.dropped then
    st = state.get(buf)
    cur_buf, cur_st = buf, st
    if not st then
      return 0
    end
  end
  local lv = st.levels[lnum] or 0
  if lv > 0 and st.starts[lnum] then
    return START[lv] or lv
  end
  return lv
end

-- The item a fold starting at `line` with level `level` stands for.
local function fold_item(st, line, level)
  local at = state.by_line(st)[line]
  if not at then
    return nil
  end
  local kind = level <= 1 and 'story' or (level == 2 and 'section' or 'quote')
  for _, it in ipairs(at) do
    if it.kind == kind then
      return it
    end
  end
  return at[#at]
end

function M.summary(buf, fs, fe, level)
  local st = state.get(buf)
  local item = st and fold_item(st, fs, level)
  local nz = quotes.nz
  local label
  local lines = api.nvim_buf_get_lines(buf, fs - 1, math.min(fe, fs + 20), false)
  local words = ''
  local sep = ': '
  if item and item.kind == 'quote' then
    label = nz(item.speaker) or 'Anonymous'
    if nz(item.role) then
      label = label .. ' (' .. item.role .. ')'
    end
    words = quotes.first_words(quotes.text(buf, item) or '', 8)
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
  if st and st.outline then
    for _, it in ipairs(st.outline.items or {}) do
      if it.kind == 'quote' and it.line >= fs and it.line <= fe and it ~= item then
        nq = nq + 1
      end
    end
  end
  local n = fe - fs + 1
  local tail = string.format('(%d line%s%s)', n, n == 1 and '' or 's',
    nq > 0 and string.format(', %d soundbite%s', nq, nq == 1 and '' or 's') or '')
  if words ~= '' then
    return label .. sep .. words .. ' ' .. tail
  end
  return label .. ' ' .. tail
end

function M.text()
  local ok, s = pcall(M.summary, get_current_buf(), vim.v.foldstart, vim.v.foldend, vim.v.foldlevel)
  if not ok then
    return vim.fn.foldtext()
  end
  return vim.v.folddashes .. ' ' .. s
end

-- Window options for a window showing a bulletin.
function M.set_win(win)
  api.nvim_win_call(win, function()
    vim.cmd('setlocal foldmethod=expr foldexpr=' .. M.EXPR .. ' foldtext=' .. M.TEXT)
    local fl = require('bulletin.config').options.foldlevel
    if fl then
      vim.cmd('setlocal foldlevel=' .. tonumber(fl))
    end
  end)
end

function M.unset_win(win)
  if not api.nvim_win_is_valid(win) then
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

-- Re-evaluates folds of rows [first, last) in every window showing buf,
-- keeping the user's open/closed folds. Neovim 0.10+ has a ranged update;
-- before it, re-setting 'foldmethod' re-evaluates the whole buffer (the
-- caller only does it when the levels really changed).
function M.refresh(buf, first, last)
  local ranged = vim._foldupdate
  for _, win in ipairs(vim.fn.win_findbuf(buf)) do
    api.nvim_win_call(win, function()
      if vim.wo.foldmethod == 'expr' and vim.wo.foldexpr == M.EXPR then
        if not (ranged and pcall(ranged, win, first, last)) then
          vim.cmd('setlocal foldmethod=expr')
        end
      end
    end)
  end
end

function M.forget()
  cur_buf, cur_st = nil, nil
end

return M
