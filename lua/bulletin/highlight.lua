-- bulletin.highlight: the helper's spans drawn by a decoration provider.
--
-- Nothing is stored in the buffer: the spans live in the per-line cache
-- (state.spans, which bulletin.spans splices with the text on every edit
-- and replaces by range from pushes) and each redraw draws the visible
-- lines with ephemeral extmarks (nvim_set_decoration_provider, Neovim
-- 0.7+). So undo, redo and :edit! cannot leave marks behind, and drawing
-- costs O(visible lines).
local M = {}

local api = vim.api
local state = require('bulletin.state')
local spans = require('bulletin.spans')

M.ns = api.nvim_create_namespace('bulletin')
-- marks set and deleted at once, to make Neovim redraw a range of lines
local redraw_ns = api.nvim_create_namespace('bulletin.redraw')

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

-- The highlight groups by 0-based index (the helper's `groups`).
M.groups = {
  'bulletinTag', 'bulletinCue', 'bulletinUnknownTag', 'bulletinTitle', 'bulletinMeta',
  'bulletinChrome', 'bulletinSpeaker', 'bulletinRole', 'bulletinQuote',
}

---Defines the highlight groups (default links).
function M.define()
  for name, link in pairs(M.links) do
    api.nvim_set_hl(0, name, { link = link, default = true })
  end
  api.nvim_set_hl(0, 'bulletinRedraw', { default = true })
end

local set_extmark = api.nvim_buf_set_extmark
local opts = { end_col = 0, hl_group = '', ephemeral = true }

-- Whether the spans of st are drawn: decorations on, or some pieces of a
-- big first push applied (the helper sends the rest piece by piece).
local function drawn(st)
  return st ~= nil and (st.active or st.drawing) and not st.refused
end

local function on_win(_, _, buf)
  return drawn(state.get(buf))
end

local function on_line(_, _, buf, row)
  local st = state.get(buf)
  local l = st and spans.row(st, row + 1)
  if not l then
    return
  end
  local groups = M.groups
  for i = 1, #l, 3 do
    opts.end_col = l[i + 1]
    opts.hl_group = groups[l[i + 2] + 1] or 'bulletinTag'
    -- a span can reach past a line shortened since the last push
    pcall(set_extmark, buf, M.ns, row, l[i], opts)
  end
end

local provider = false
---Registers the decoration provider (once).
function M.setup()
  if provider then
    return
  end
  provider = true
  M.define()
  api.nvim_set_decoration_provider(M.ns, { on_win = on_win, on_line = on_line })
end

-- Makes Neovim redraw rows [first, last) of buf in every window (public
-- API only: placing and removing a highlighted mark redraws its range).
---@param buf integer
---@param first integer 0-based first row
---@param last integer end row (exclusive)
function M.redraw(buf, first, last)
  local n = api.nvim_buf_line_count(buf)
  if first >= n or last <= first then
    return
  end
  last = math.min(last, n)
  local ok, id = pcall(set_extmark, buf, redraw_ns, first, 0,
    { end_row = last - 1, end_col = 0, hl_group = 'bulletinRedraw' })
  if ok then
    pcall(api.nvim_buf_del_extmark, buf, redraw_ns, id)
  end
end

-- The spans drawn on 0-based row of buf: list of {col, end_col, group}
-- (tests, debugging; what on_line draws there).
---@param buf integer
---@param row integer 0-based
---@return table[] {col, end_col, group}
function M.marks(buf, row)
  local st = state.get(buf)
  local res = {}
  local l = drawn(st) and spans.row(st, row + 1)
  if l then
    for i = 1, #l, 3 do
      res[#res + 1] = { l[i], l[i + 1], M.groups[l[i + 2] + 1] }
    end
    table.sort(res, function(a, b)
      return a[1] < b[1]
    end)
  end
  return res
end

-- Forgets the spans of buf and redraws it.
---@param buf integer
function M.clear(buf)
  local st = state.get(buf)
  if st then
    spans.clear(st)
  end
  if api.nvim_buf_is_valid(buf) then
    api.nvim_buf_clear_namespace(buf, M.ns, 0, -1)
    M.redraw(buf, 0, api.nvim_buf_line_count(buf))
  end
end

return M
