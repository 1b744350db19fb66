-- bulletin.outline_text: the outline's items as text, one line each: in
-- the outline window (bulletin.outline), :BulletinPick and the location
-- list of :BulletinOutline loclist.
local M = {}

local config = require('bulletin.config')
local quotes = require('bulletin.quotes')
local filter = require('bulletin.outline_filter')
local nz = require('bulletin.state').nz

-- One display line per item.
---@param buf integer
---@param it bulletin.OutlineItem
---@param base? integer the level shown without indent (default 1)
---@return string
function M.render_item(buf, it, base)
  local indent = string.rep('  ', math.max((it.level or 1) - (base or 1), 0))
  if it.kind == 'story' then
    return indent .. (nz(it.title) or '(untitled story)'), 'bulletinTitle'
  elseif it.kind == 'section' then
    return indent .. (nz(it.tag) or ('[' .. tostring(nz(it.section)) .. ']')), 'bulletinTag'
  end
  local speaker = nz(it.speaker) or 'Anonymous'
  local text = quotes.text(buf, it)
  if text and text ~= '' then
    return indent .. speaker .. ': ' .. quotes.first_words(text, 6), 'bulletinSpeaker', #indent, #indent + #speaker
  end
  local role = nz(it.role)
  return indent .. speaker .. (role and (' (' .. role .. ')') or ''), 'bulletinSpeaker', #indent, #indent + #speaker
end

-- :BulletinOutline loclist: the items settings s show (default: all)
---@param buf integer
---@param all table[] buf's outline items
---@param s? table {depth?, speaker?, kind?}
function M.loclist(buf, all, s)
  local items = {}
  for _, it in ipairs(filter.visible(all, s or {})) do
    items[#items + 1] = { bufnr = buf, lnum = it.line, col = 1, text = (M.render_item(buf, it)) }
  end
  vim.fn.setloclist(0, {}, ' ', { title = 'bulletin outline', items = items })
  if config.options.open_qf then
    require('bulletin')._open_list('lwindow')
  end
  return items
end

return M
