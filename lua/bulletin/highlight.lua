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

-- Applies an `hl` payload [first, last, flat spans] to buf: the spans of
-- lines [first, last) replace the extmarks there. Returns the number of
-- extmarks placed.
function M.apply(buf, hl, groups)
  local first, last, spans = hl[1], hl[2], hl[3] or {}
  local nlines = vim.api.nvim_buf_line_count(buf)
  if first > nlines then
    return 0
  end
  vim.api.nvim_buf_clear_namespace(buf, M.ns, first, math.min(last, nlines))
  M.drop_collapsed(buf, first, nlines)
  M.drop_collapsed(buf, last, nlines)
  local placed = 0
  local opts = { end_col = 0, hl_group = '' }
  for i = 1, #spans, 4 do
    local line = spans[i]
    if line < nlines then
      opts.end_col = spans[i + 2]
      opts.hl_group = groups[spans[i + 3] + 1] or 'bulletinTag'
      if pcall(set_extmark, buf, M.ns, line, spans[i + 1], opts) then
        placed = placed + 1
      end
    end
  end
  return placed
end

-- Marks of deleted lines collapse, zero-width, onto the line after the
-- deletion, which an empty range does not clear: drop those on row.
function M.drop_collapsed(buf, row, nlines)
  if not row or row >= nlines then
    return
  end
  for _, m in ipairs(vim.api.nvim_buf_get_extmarks(buf, M.ns, { row, 0 }, { row, -1 }, { details = true })) do
    local d = m[4]
    if d.end_row == m[2] and d.end_col == m[3] then
      vim.api.nvim_buf_del_extmark(buf, M.ns, m[1])
    end
  end
end

function M.clear(buf)
  if vim.api.nvim_buf_is_valid(buf) then
    vim.api.nvim_buf_clear_namespace(buf, M.ns, 0, -1)
  end
end

return M
