-- bulletin.quotes: soundbite labels and :BulletinQuotes. The quote text
-- and where it is come from the helper (protocol 2: `quote` and
-- `quote_span` on outline items of kind "quote"): the plugin never
-- re-parses buffer lines, so the CLI (`bulletin quotes`), the outline
-- window, the quickfix list, folds and iq agree.
local M = {}

local nz = require('bulletin.state').nz
M.nz = nz

-- Where the quote text of a soundbite item is: {row, col, end_row, end_col}
-- (0-based rows, byte columns, end exclusive), or nil when it has none.
---@param item bulletin.OutlineItem
---@return integer[]?
function M.span(item)
  local sp = nz(item.quote_span)
  if type(sp) ~= 'table' or #sp ~= 4 then
    return nil
  end
  for i = 1, 4 do
    if type(sp[i]) ~= 'number' then
      return nil
    end
  end
  return sp
end

-- The quote text of a soundbite item (as `bulletin quotes` prints it), or
-- nil. buf is unused (kept for callers of the old signature).
---@param buf integer?
---@param item bulletin.OutlineItem
---@return string?
function M.text(buf, item)
  if item == nil then
    item = buf
  end
  local q = nz(item.quote)
  return type(q) == 'string' and q or nil
end

-- The first n words of s, with an ellipsis when cut.
---@param s string?
---@param n integer
---@return string
function M.first_words(s, n)
  n = n or 8
  local words = {}
  for w in (s or ''):gmatch('%S+') do
    if #words == n then
      return table.concat(words, ' ') .. '…'
    end
    words[#words + 1] = w
  end
  return table.concat(words, ' ')
end

-- "Speaker (Role): first words"
---@param buf integer?
---@param item bulletin.OutlineItem
---@param n integer words of the quote text at most
---@return string
function M.label(buf, item, n)
  local speaker = nz(item.speaker)
  local role = nz(item.role)
  local who = speaker or 'Anonymous'
  if role and role ~= '' then
    who = who .. ' (' .. role .. ')'
  end
  local text = M.text(buf, item)
  if text and text ~= '' then
    return who .. ': ' .. M.first_words(text, n)
  end
  return who
end

-- Quickfix items for every soundbite whose speaker contains `filter`
-- (case-insensitive; nil or '' for all).
---@param buf integer
---@param items? bulletin.OutlineItem[]
---@param filter? string
---@return table[] # setqflist() items
function M.qf_items(buf, items, filter)
  local out = {}
  local f = filter and filter ~= '' and filter:lower() or nil
  for _, it in ipairs(items or {}) do
    if it.kind == 'quote' then
      local speaker = nz(it.speaker) or ''
      if not f or speaker:lower():find(f, 1, true) then
        out[#out + 1] = { bufnr = buf, lnum = it.line, col = 1, text = M.label(buf, it, 10) }
      end
    end
  end
  return out
end

return M
