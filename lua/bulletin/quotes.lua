-- bulletin.quotes: a soundbite's quote text, read from the buffer lines
-- between its quote_line and end_line (the outline items do not carry it),
-- and :BulletinQuotes.
local M = {}

local nz = require('bulletin.state').nz
M.nz = nz

-- Byte index (1-based) just after the first ':' outside parentheses, or nil.
local function after_colon(s)
  local depth = 0
  for i = 1, #s do
    local c = s:byte(i)
    if c == 40 then -- (
      depth = depth + 1
    elseif c == 41 then -- )
      if depth > 0 then
        depth = depth - 1
      end
    elseif c == 58 and depth == 0 then -- :
      return i + 1
    end
  end
  return nil
end

local colon_forms = { inline = true, tag_line = true, colon = true, anon = true, bracket = true }

local OPEN = { '"', '\226\128\156', "'" } -- " “ '
local CLOSE = { '"', '\226\128\157', "'" } -- " ” '

-- Where the quote text of a soundbite is: returns
-- {srow, scol, erow, ecol} (0-based rows, byte columns, ecol exclusive) and
-- the text (lines joined with spaces, outer quote marks removed), or nil for
-- a soundbite without quote text.
function M.span(buf, item)
  local q = nz(item.quote_line)
  if not q or q == 0 then
    return nil
  end
  local last = math.max(q, item.end_line or q)
  local lines = vim.api.nvim_buf_get_lines(buf, q - 1, last, false)
  if #lines == 0 then
    return nil
  end
  local first = lines[1]
  local s = 1
  local form = nz(item.form)
  if colon_forms[form] then
    s = after_colon(first) or 1
  elseif form == 'radio' or form == 'quote_only' then
    if first:match('^%s*%[') then
      local close = first:find(']', 1, true)
      s = close and close + 1 or 1
    end
  end
  -- skip blanks and one opening quote mark
  s = first:find('%S', s) or (#first + 1)
  for _, m in ipairs(OPEN) do
    if first:sub(s, s + #m - 1) == m then
      s = s + #m
      break
    end
  end
  local lastline = lines[#lines]
  local e = #lastline
  while e > 0 and lastline:sub(e, e):match('%s') do
    e = e - 1
  end
  if form == 'bracket' and lastline:sub(e, e) == ']' then
    e = e - 1
  end
  for _, m in ipairs(CLOSE) do
    if e >= #m and lastline:sub(e - #m + 1, e) == m then
      -- keep a closing mark that is the only thing left on a one-line quote
      if not (#lines == 1 and e - #m + 1 <= s) then
        e = e - #m
      end
      break
    end
  end
  local parts = {}
  for i, l in ipairs(lines) do
    local from = (i == 1) and s or 1
    local to = (i == #lines) and e or #l
    parts[#parts + 1] = vim.trim(l:sub(from, to))
  end
  local text = vim.trim(table.concat(parts, ' '))
  local srow, erow = q - 1, last - 1
  return { srow, s - 1, erow, math.max(e, 0) }, text
end

function M.text(buf, item)
  local _, text = M.span(buf, item)
  return text
end

-- The first n words of s, with an ellipsis when cut.
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
