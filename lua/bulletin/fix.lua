-- bulletin.fix: the fixes of lint findings, applied to the buffer.
--
-- The helper computes every fix (core/model/fix.h; PROTOCOL.md: each
-- diagnostic's `fixes`, edits in nvim_buf_set_text() terms) from a lint of
-- the text as it is now; this module only chooses and applies them. The
-- helper never edits the buffer.
local M = {}

local api = vim.api

-- How long a fix waits for the helper's lint of the text as it is now.
M.TIMEOUT_MS = 5000
-- :BulletinFix! lints again after each round of fixes, at most this often
-- (as `bulletin lint --fix`).
M.MAX_PASSES = 16

--- A fix as the helper sends it.
---@class bulletin.Fix
---@field title string
---@field safe boolean
---@field edits {lnum: integer, col: integer, end_lnum: integer, end_col: integer, text: string}[]

-- The helper's diagnostics of buf as it is now, or nil and a message.
---@return table[]|nil, string|nil
local function lint_now(buf)
  local helper = require('bulletin.helper')
  helper.wait_started(helper.HANDSHAKE_MS)
  local problem = require('bulletin').helper_problem('fix')
  if problem then
    return nil, problem
  end
  local ok, res = require('bulletin.buffer').lint_now(buf, M.TIMEOUT_MS)
  if not ok then
    return nil, tostring(res)
  end
  return res
end

-- Position order: is (l1, c1) before (l2, c2)?
local function before(l1, c1, l2, c2)
  return l1 < l2 or (l1 == l2 and c1 < c2)
end

-- Among fixes (in finding order), those that do not overlap, as
-- bl_fix_choose() (core/model/fix.h) chooses them: by the start of their
-- first edit, each whose span starts at or after the end of every one
-- chosen before it; among equal starts the earlier. O(n log n).
---@param fixes bulletin.Fix[]
---@return bulletin.Fix[]
function M.choose(fixes)
  local v = {}
  for i, f in ipairs(fixes) do
    local a, b = f.edits[1], f.edits[#f.edits]
    if a and b then
      v[#v + 1] = { f = f, rank = i, l0 = a.lnum, c0 = a.col, l1 = b.end_lnum, c1 = b.end_col }
    end
  end
  table.sort(v, function(x, y)
    if x.l0 ~= y.l0 or x.c0 ~= y.c0 then
      return before(x.l0, x.c0, y.l0, y.c0)
    end
    return x.rank < y.rank
  end)
  local out, el, ec, last_empty = {}, -1, 0, false
  for _, x in ipairs(v) do
    local empty = x.l0 == x.l1 and x.c0 == x.c1
    local at_end = x.l0 == el and x.c0 == ec
    if not (before(x.l0, x.c0, el, ec) or (at_end and empty and last_empty)) then
      out[#out + 1] = x.f
      el, ec, last_empty = x.l1, x.c1, empty
    end
  end
  return out
end

-- Applies the edits of fixes (which do not overlap), last first, so that
-- each edit's positions still hold when it is made.
---@param buf integer
---@param fixes bulletin.Fix[]
---@return boolean ok, string|nil err
function M.apply(buf, fixes)
  local edits = {}
  for _, f in ipairs(fixes) do
    for _, e in ipairs(f.edits or {}) do
      edits[#edits + 1] = e
    end
  end
  table.sort(edits, function(a, b)
    return before(b.lnum, b.col, a.lnum, a.col)
  end)
  for _, e in ipairs(edits) do
    local ok, err = pcall(api.nvim_buf_set_text, buf, e.lnum, e.col, e.end_lnum, e.end_col,
      vim.split(e.text, '\n', { plain = true }))
    if not ok then
      return false, tostring(err)
    end
  end
  return true
end

-- The fixes of the diagnostics on 0-based line row, safe ones first.
local function fixes_on(diags, row)
  local out = {}
  for _, d in ipairs(diags) do
    if d.lnum == row and type(d.fixes) == 'table' then
      for _, f in ipairs(d.fixes) do
        out[#out + 1] = f
      end
    end
  end
  table.sort(out, function(a, b)
    return a.safe and not b.safe
  end)
  return out
end

--- A menu label: the title, "(unsafe)" after a guess.
---@param f bulletin.Fix
function M.label(f)
  return f.safe and f.title or (f.title .. ' (unsafe)')
end

-- Applies f to buf if the text is still the one it was computed for.
local function apply_one(buf, tick, f)
  if not api.nvim_buf_is_valid(buf) or api.nvim_buf_get_changedtick(buf) ~= tick then
    return vim.notify('bulletin: the buffer changed meanwhile; :BulletinFix again', vim.log.levels.WARN)
  end
  local ok, err = M.apply(buf, { f })
  if not ok then
    vim.notify('bulletin: fix failed: ' .. err, vim.log.levels.WARN)
  end
end

--- :BulletinFix: the fix of a finding on the cursor line; a menu when
--- there are several (unsafe ones labelled so).
function M.cursor()
  local buf = api.nvim_get_current_buf()
  local row = api.nvim_win_get_cursor(0)[1] - 1
  local diags, err = lint_now(buf)
  if not diags then
    return vim.notify(err, vim.log.levels.WARN)
  end
  local tick = api.nvim_buf_get_changedtick(buf)
  local fixes = fixes_on(diags, row)
  if #fixes == 0 then
    return vim.notify('bulletin: no fix on this line', vim.log.levels.INFO)
  elseif #fixes == 1 then
    return apply_one(buf, tick, fixes[1])
  end
  vim.ui.select(fixes, { prompt = 'Fix:', format_item = M.label }, function(choice)
    if choice then
      apply_one(buf, tick, choice)
    end
  end)
end

-- One round: the first safe fix of each finding, those that do not overlap.
local function safe_round(diags)
  local firsts = {}
  for _, d in ipairs(diags) do
    for _, f in ipairs(type(d.fixes) == 'table' and d.fixes or {}) do
      if f.safe then
        firsts[#firsts + 1] = f
        break
      end
    end
  end
  return M.choose(firsts)
end

--- :BulletinFix!: every safe fix of buf, round after round until none is
--- left, as one undo step. Returns the number applied, or nil and a
--- message.
---@param buf? integer 0 or nil: the current buffer
---@return integer|nil, string|nil
function M.all_safe(buf)
  buf = (buf == nil or buf == 0) and api.nvim_get_current_buf() or buf
  local total = 0
  for _ = 1, M.MAX_PASSES do
    local diags, err = lint_now(buf)
    if not diags then
      return total > 0 and total or nil, err
    end
    local round = safe_round(diags)
    if #round == 0 then
      break
    end
    if total > 0 then
      -- the rounds are one change for undo (E790 after an undo: then not)
      pcall(vim.cmd, 'undojoin')
    end
    local ok, aerr = M.apply(buf, round)
    if not ok then
      return total, 'bulletin: fix failed: ' .. aerr
    end
    total = total + #round
  end
  return total
end

--- The command: :BulletinFix (bang false) or :BulletinFix! (bang true).
---@param bang boolean
function M.cmd(bang)
  local buf = api.nvim_get_current_buf()
  if not require('bulletin.state').get(buf) then
    return vim.notify('bulletin: not a bulletin buffer', vim.log.levels.WARN)
  end
  if not bang then
    return M.cursor()
  end
  local n, err = M.all_safe(buf)
  if err then
    vim.notify(err, vim.log.levels.WARN)
  end
  if n then
    vim.notify(string.format('bulletin: %d fix%s applied', n, n == 1 and '' or 'es'), vim.log.levels.INFO)
  end
end

--- BufWritePre: the safe fixes, when the fix_on_save option is on.
---@param buf integer
function M.on_save(buf)
  if not require('bulletin.config').options.fix_on_save then
    return
  end
  local _, err = M.all_safe(buf)
  if err then
    vim.notify(err, vim.log.levels.WARN)
  end
end

return M
