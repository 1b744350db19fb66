-- bulletin.speakers: :BulletinSpeakers and :BulletinRename.
--
-- The data is what the helper already pushed (protocol 2): the outline's
-- soundbite items (speaker, role, lines) and the highlight spans of the
-- group bulletinSpeaker, which mark exactly where an attribution names its
-- speaker. Nothing is parsed here; the helper never edits text: a rename is
-- done by this module, with nvim_buf_set_text() on those spans only, so a
-- name in narration or in a quote is never touched.
--
-- Names are compared as `bulletin speakers` compares them (spkindex.h):
-- whitespace runs made one space, ends trimmed.
local M = {}

local api = vim.api
local nz = require('bulletin.state').nz

-- s tidied, or nil when empty or not a string.
---@param s any
---@return string?
function M.tidy(s)
  if type(s) ~= 'string' then
    return nil
  end
  s = s:gsub('%s+', ' '):gsub('^ ', ''):gsub(' $', '')
  return s ~= '' and s or nil
end

-- The speakers of outline items, in order of first appearance:
-- {name, roles (distinct, in order), items (the soundbites)}.
---@param items bulletin.OutlineItem[]?
---@return table[]
function M.index(items)
  local list, by = {}, {}
  for _, it in ipairs(items or {}) do
    local name = it.kind == 'quote' and M.tidy(nz(it.speaker)) or nil
    if name then
      local sp = by[name]
      if not sp then
        sp = { name = name, roles = {}, seen = {}, items = {} }
        by[name] = sp
        list[#list + 1] = sp
      end
      sp.items[#sp.items + 1] = it
      local role = M.tidy(nz(it.role))
      if role and not sp.seen[role] then
        sp.seen[role] = true
        sp.roles[#sp.roles + 1] = role
      end
    end
  end
  return list
end

-- "Name (Role; Other role): N soundbites"
---@param sp table an entry of M.index()
---@return string
function M.label(sp)
  local s = sp.name
  if #sp.roles > 0 then
    s = s .. ' (' .. table.concat(sp.roles, '; ') .. ')'
  end
  return s .. ': ' .. #sp.items .. (#sp.items == 1 and ' soundbite' or ' soundbites')
end

-- Quickfix items: one per speaker, at the first soundbite.
---@param buf integer
---@param list table[] M.index()
---@return table[]
function M.qf_items(buf, list)
  local out = {}
  for _, sp in ipairs(list) do
    out[#out + 1] = { bufnr = buf, lnum = sp.items[1].line, col = 1, text = M.label(sp) }
  end
  return out
end

-- Moves the cursor to a soundbite (jumplist kept, folds opened).
local function jump(it)
  vim.cmd("normal! m'")
  api.nvim_win_set_cursor(0, { it.line, 0 })
  vim.cmd('normal! zv')
end

-- The speakers of buf from the helper's results, or nil (reported).
local function speakers_of(buf, what)
  local st = require('bulletin').results(buf, what)
  if not st then
    return nil
  end
  return M.index(st.outline and st.outline.items or {}), st
end

-- :BulletinSpeakers[!]: the quickfix list, or (bang) a vim.ui.select
-- picker of speakers, then of the chosen one's soundbites, that jumps.
---@param picker boolean
function M.cmd_speakers(picker)
  local buf = api.nvim_get_current_buf()
  local list = speakers_of(buf, 'list the speakers')
  if not list then
    return
  end
  if #list == 0 then
    vim.notify('bulletin: no speakers in this buffer', vim.log.levels.INFO)
    if not picker then
      vim.fn.setqflist({}, ' ', { title = 'bulletin speakers', items = {} })
    end
    return
  end
  if not picker then
    vim.fn.setqflist({}, ' ', { title = 'bulletin speakers', items = M.qf_items(buf, list) })
    if require('bulletin.config').options.open_qf then
      require('bulletin')._open_list('botright cwindow')
    end
    return
  end
  local quotes = require('bulletin.quotes')
  vim.ui.select(list, { prompt = 'Speaker', format_item = M.label }, function(sp)
    if not sp or not api.nvim_buf_is_valid(buf) or api.nvim_get_current_buf() ~= buf then
      return
    end
    if #sp.items == 1 then
      jump(sp.items[1])
      return
    end
    vim.ui.select(sp.items, {
      prompt = sp.name,
      format_item = function(it)
        return 'line ' .. it.line .. ': ' .. quotes.label(buf, it, 8)
      end,
    }, function(it)
      if it and api.nvim_get_current_buf() == buf then
        jump(it)
      end
    end)
  end)
end

-- The 0-based index of the highlight group bulletinSpeaker.
local function speaker_group()
  for i, g in ipairs(require('bulletin.highlight').groups) do
    if g == 'bulletinSpeaker' then
      return i - 1
    end
  end
end

-- Where the attributions of buf name speaker old: a list of {row, col,
-- end_col} (0-based row, byte columns), bottom to top, right to left.
---@param st bulletin.State
---@param list table[] M.index()
---@param old string tidied
---@return table[]
function M.attributions(st, list, old)
  local group = speaker_group()
  local edits, seen = {}, {}
  for _, sp in ipairs(list) do
    if sp.name == old then
      for _, it in ipairs(sp.items) do
        for row = it.line, it.end_line or it.line do
          local l = require('bulletin.spans').row(st, row)
          local text = l and api.nvim_buf_get_lines(st.buf, row - 1, row, false)[1] or ''
          for k = 1, l and #l or 0, 3 do
            local key = row .. ':' .. l[k]
            if l[k + 2] == group and not seen[key] and M.tidy(text:sub(l[k] + 1, l[k + 1])) == old then
              seen[key] = true
              edits[#edits + 1] = { row - 1, l[k], l[k + 1] }
            end
          end
        end
      end
    end
  end
  table.sort(edits, function(a, b)
    return a[1] > b[1] or (a[1] == b[1] and a[2] > b[2])
  end)
  return edits
end

-- Renames speaker old to new in every attribution of buf, as one undo
-- step. Returns the number of attributions changed, or nil and a message.
---@param buf integer
---@param old string
---@param new string
---@return integer?, string?
function M.rename(buf, old, new)
  local o, n = M.tidy(old), M.tidy(new)
  if not o or not n or new:find('[\r\n]') then
    return nil, 'give the old and the new name (not empty, one line)'
  end
  if not vim.bo[buf].modifiable then
    return nil, "the buffer is not 'modifiable'"
  end
  if not require('bulletin').wait(buf, 2000) then
    return nil, 'the helper has not caught up with the last edit; try again'
  end
  local list, st = speakers_of(buf, 'rename a speaker')
  if not list then
    return nil
  end
  local edits = M.attributions(st, list, o)
  if #edits == 0 then
    return nil, 'no attribution names ' .. o
  end
  for i, e in ipairs(edits) do
    if i > 1 then
      -- One undo step: each change joins the previous one.
      pcall(vim.cmd, 'undojoin')
    end
    api.nvim_buf_set_text(buf, e[1], e[2], e[1], e[3], { n })
  end
  return #edits
end

-- The old and new names from the command's words: two words ({old} {new},
-- spaces escaped with a backslash), or words around a lone "/".
---@param args string[]
---@return string?, string?
function M.parse_args(args)
  if #args == 2 then
    return args[1], args[2]
  end
  for i, a in ipairs(args) do
    if a == '/' and i > 1 and i < #args then
      return table.concat(args, ' ', 1, i - 1), table.concat(args, ' ', i + 1)
    end
  end
end

-- :BulletinRename {old} {new}
---@param args string[] <f-args>
function M.cmd_rename(args)
  local buf = api.nvim_get_current_buf()
  local old, new = M.parse_args(args)
  if not old then
    vim.notify('bulletin: usage: :BulletinRename {old} {new} (Kang\\ Yu-jung Kang\\ Yujung, '
      .. 'or Kang Yu-jung / Kang Yujung)', vim.log.levels.ERROR)
    return
  end
  local count, err = M.rename(buf, old, new)
  if not count then
    if err then
      vim.notify('bulletin: cannot rename: ' .. err, vim.log.levels.WARN)
    end
    return
  end
  vim.notify(('bulletin: renamed %s to %s in %d attribution%s'):format(M.tidy(old), M.tidy(new),
    count, count == 1 and '' or 's'), vim.log.levels.INFO)
end

-- Completion of :BulletinRename: the buffer's speakers, spaces escaped.
---@param lead string
---@return string[]
function M.complete(lead)
  local st = require('bulletin.state').get(api.nvim_get_current_buf())
  local out = {}
  for _, sp in ipairs(M.index(st and st.outline and st.outline.items or {})) do
    local word = sp.name:gsub(' ', '\\ ')
    if word:sub(1, #lead) == lead then
      out[#out + 1] = word
    end
  end
  return out
end

return M
