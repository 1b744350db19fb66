-- bulletin.highlight: the helper's spans as extmarks in namespace 'bulletin'.
local M = {}

M.ns = vim.api.nvim_create_namespace('bulletin')

-- Default links; colour schemes override them (default = true).
M.links = {
  bulletinTag = 'Statement',
  bulletinCue = 'PreProc',
  bulletinUnknownTag = 'Error',
  bulletinTitle = 'Title',
  bulletinMeta = 'Comment',
  bulletinChrome = 'NonText',
  bulletinSpeaker = 'Identifier',
  bulletinRole = 'Type',
  bulletinQuote = 'String',
}

function M.define()
  for name, link in pairs(M.links) do
    vim.api.nvim_set_hl(0, name, { link = link, default = true })
  end
end

local set_extmark = vim.api.nvim_buf_set_extmark

-- Applies an `hl` payload [first, last, flat spans] to buf. `map` (or nil)
-- maps a 0-based line of the helper's state to the buffer's current line.
-- Returns the number of extmarks placed.
function M.apply(buf, hl, groups, map)
  local first, last, spans = hl[1], hl[2], hl[3] or {}
  local nlines = vim.api.nvim_buf_line_count(buf)
  if map then
    local f2 = map(first)
    local l2 = last > first and map(last - 1)
    if not f2 or not l2 then
      -- The range was edited since: a later push covers it. Clear only
      -- what surely belongs to the range's surviving ends.
      f2 = f2 or first
      l2 = l2 or math.max(f2, last - 1)
    end
    first, last = f2, (last > first) and (l2 + 1) or f2
  end
  if first > nlines then
    return 0
  end
  vim.api.nvim_buf_clear_namespace(buf, M.ns, first, math.min(last, nlines))
  local placed = 0
  local opts = { end_col = 0, hl_group = '' }
  for i = 1, #spans, 4 do
    local line = spans[i]
    if map then
      line = map(line)
    end
    if line and line < nlines then
      opts.end_col = spans[i + 2]
      opts.hl_group = groups[spans[i + 3] + 1] or 'bulletinTag'
      if pcall(set_extmark, buf, M.ns, line, spans[i + 1], opts) then
        placed = placed + 1
      end
    end
  end
  return placed
end

function M.clear(buf)
  if vim.api.nvim_buf_is_valid(buf) then
    vim.api.nvim_buf_clear_namespace(buf, M.ns, 0, -1)
  end
end

return M
