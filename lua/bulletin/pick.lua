-- bulletin.pick: :BulletinPick, the outline items through vim.ui.select.
--
-- vim.ui.select is Neovim's extension point for pickers: telescope's
-- ui-select, fzf-lua's register_ui_select, dressing.nvim or the built-in
-- prompt (inputlist) all show the same list, and the plugin depends on none.
local M = {}

local api = vim.api
local outline = require('bulletin.outline')
local filter = require('bulletin.outline_filter')
local otext = require('bulletin.outline_text')

-- One choice: the item, its label as the outline shows it (indented by
-- level), its first line and its time when the helper sends `seconds`.
---@param buf integer
---@param it bulletin.OutlineItem
---@param base integer the level shown without indent
---@return string
function M.label(buf, it, base)
  local text = otext.render_item(buf, it, base)
  local time = type(it.seconds) == 'number' and ('  ' .. filter.mmss(it.seconds)) or ''
  return string.format('%s  :%d%s', text, it.line, time)
end

-- Jumps in win to item it: sets the jumplist, opens the folds there.
local function jump(win, buf, it)
  if not (api.nvim_win_is_valid(win) and api.nvim_buf_is_valid(buf)) then
    return
  end
  api.nvim_set_current_win(win)
  if api.nvim_win_get_buf(win) ~= buf then
    api.nvim_win_set_buf(win, buf)
  end
  vim.cmd("normal! m'")
  api.nvim_win_set_cursor(win, { math.min(it.line, api.nvim_buf_line_count(buf)), 0 })
  vim.cmd('normal! zv')
end

--- Offers the items of buf that settings s show (outline.visible) through
--- vim.ui.select; the chosen one is jumped to in win.
---@param buf integer
---@param win integer
---@param s table {depth?, speaker?, kind?}
---@return integer # the number of choices offered
function M.pick(buf, win, s)
  local items = filter.visible(require('bulletin').outline(buf), s)
  if #items == 0 then
    local what = filter.describe(s)
    vim.notify('bulletin: no item to pick' .. (what ~= '' and (' (' .. what .. ')') or ''), vim.log.levels.INFO)
    return 0
  end
  local base = 3
  for _, it in ipairs(items) do
    base = math.min(base, it.level or 1)
  end
  vim.ui.select(items, {
    prompt = 'Bulletin item: ',
    kind = 'bulletin_outline',
    format_item = function(it)
      return M.label(buf, it, base)
    end,
  }, function(choice)
    if choice then
      jump(win, buf, choice)
    end
  end)
  return #items
end

--- :BulletinPick [depth=N] [speaker=NAME] [kind=KIND]
---@param arg? string
function M.command(arg)
  local r, err = filter.parse_args(arg, false, false)
  if not r then
    return vim.notify(err, vim.log.levels.ERROR)
  end
  local buf, win = outline.source_of_current()
  if not buf then
    buf, win = api.nvim_get_current_buf(), api.nvim_get_current_win()
  end
  if not require('bulletin').results(buf, 'pick an item') then
    return
  end
  M.pick(buf, win, filter.settings_from(r))
end

return M
