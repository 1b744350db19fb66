-- bulletin: public API.
--
--   require('bulletin').setup(opts)       optional; see :help bulletin-config
--   require('bulletin').outline(bufnr)    the cached outline items (§5 JSON fields)
--   require('bulletin').statusline()     story n/N, title, section, elapsed / total
--   require('bulletin').wait(bufnr, ms)   true once results for the current
--                                         changedtick are applied
local M = {}

--- An outline item, as the outline JSON of the format (§5) with nil where
--- JSON has null; quote items also carry `quote` and `quote_span`.
---@class bulletin.OutlineItem
---@field kind 'story'|'section'|'quote'
---@field level integer 1 (story), 2 (section) or 3 (soundbite)
---@field line integer First line, 1-based
---@field end_line integer Last line, 1-based, inclusive
---@field title? string Story title
---@field tag? string Section tag as written, e.g. '[LEAD]'
---@field section? string Section kind, e.g. 'lead', 'report'
---@field quote_line? integer First line of the quote text, 1-based
---@field form? string Soundbite form: 'slash', 'inline', 'tag_line', ...
---@field speaker? string
---@field role? string
---@field quote? string The quote text, as `bulletin quotes` prints it
---@field quote_span? integer[] {row, col, end_row, end_col}: 0-based, byte columns, end exclusive
---@field seconds? number Read time on air in seconds (:help bulletin-timing)

local api = vim.api

---A status line component: story n/N, its title, the section under the
---cursor, elapsed / total on air ('' outside a bulletin). For lualine,
---heirline or 'statusline': `%{%v:lua.require'bulletin'.statusline()%}`.
---@return string
function M.statusline()
  return require('bulletin.timing').statusline()
end

---The winbar breadcrumb with the clock (setup({ timing = { winbar = true } })
---sets it in bulletin windows).
---@return string
function M.winbar()
  return require('bulletin.timing').winbar()
end

---:BulletinTiming: the rundown (story, start, length, backtime).
function M.cmd_timing()
  require('bulletin.timing').rundown()
end

local function resolve(buf)
  if buf == nil or buf == 0 then
    return api.nvim_get_current_buf()
  end
  return buf
end

--- Sets the options (optional; :help bulletin-config). Wrong options are
--- named in one message and left out; the others apply.
---@param opts? bulletin.Config
function M.setup(opts)
  local config = require('bulletin.config')
  local old_cmd = vim.inspect(config.options.cmd)
  local err = config.set(opts)
  if err then
    -- one message naming every wrong option; the right ones still apply
    vim.notify(err, vim.log.levels.ERROR)
    if type(opts) ~= 'table' then
      return
    end
  end
  local helper = require('bulletin.helper')
  if vim.inspect(config.options.cmd) ~= old_cmd then
    -- another helper: forget the old one and its failures
    helper.stop()
    helper.forget()
    if next(require('bulletin.state').all()) and helper.start() then
      require('bulletin.buffer').reattach_all()
    end
  else
    helper.send_config()
  end
  require('bulletin.timing').set_winbar(config.options.timing.winbar == true)
end

--- Attaches a bulletin buffer (the ftplugin does it).
---@param buf? integer buffer number, 0 or nil for the current one
function M.attach(buf)
  require('bulletin.buffer').attach(resolve(buf))
end

--- Detaches a buffer: the helper forgets it, decorations go.
---@param buf? integer buffer number, 0 or nil for the current one
function M.detach(buf)
  require('bulletin.buffer').detach(resolve(buf))
end

-- The outline items of buf, from the last push (a copy), or {} when none
-- arrived yet.
---@param buf? integer buffer number, 0 or nil for the current one
---@return bulletin.OutlineItem[]
function M.outline(buf)
  local st = require('bulletin.state').get(resolve(buf))
  if not st or not st.outline then
    return {}
  end
  return require('bulletin.state').copy(st.outline.items or {})
end

-- The header meta of buf, from the last push, or nil.
---@param buf? integer buffer number, 0 or nil for the current one
---@return table<string, any>?
function M.meta(buf)
  local st = require('bulletin.state').get(resolve(buf))
  return st and st.outline and require('bulletin.state').copy(st.outline.meta) or nil
end

-- Waits until the helper's results for the buffer's current changedtick are
-- applied (bulletin.buffer.synced). Returns true, or false after timeout_ms
-- (default 2000). A tick that changed no text (undo back to the saved
-- state bumps it) needs no results: the last edit's tick counts.
---@param buf? integer buffer number, 0 or nil for the current one
---@param timeout_ms? integer default 2000
---@return boolean
function M.wait(buf, timeout_ms)
  buf = resolve(buf)
  local buffer = require('bulletin.buffer')
  if buffer.synced(buf) then
    return true
  end
  return (vim.wait(timeout_ms or 2000, function()
    return buffer.synced(buf)
  end, 5)) == true
end

-- Helper status: 'running', 'starting', 'stopped', 'restarting', 'missing', 'old', 'failed'.
---@return string
function M.status()
  return require('bulletin.helper').status
end

local HELPER_STATE = {
  missing = 'is missing',
  old = 'is too old',
  failed = 'has failed',
  stopped = 'is not running',
  restarting = 'is restarting',
}

-- Why there are no helper results to show, and how to fix it: a message
-- saying we cannot `what` ("show the outline"), or nil when the helper runs.
---@param what string
---@return string?
function M.helper_problem(what)
  local helper = require('bulletin.helper')
  if helper.status == 'running' then
    return nil
  end
  if helper.status == 'restarting' or helper.status == 'starting' then
    return string.format('bulletin: cannot %s: the helper is %s; try again in a moment', what, helper.status)
  end
  local why = helper.reason
  if why then
    why = why:gsub('^bulletin: ', ''):gsub(';%s*syntax highlighting only.*$', '')
    why = why:gsub(' %(run `make` in [^)]*%)', ''):gsub('; rebuild it with `make`', '')
  end
  return string.format('bulletin: cannot %s: the helper %s%s. Build it with `make` in %s, then run :BulletinRestart; '
    .. ':checkhealth bulletin tells more', what, HELPER_STATE[helper.status] or ('is ' .. tostring(helper.status)),
    why and (' (' .. why .. ')') or '', helper.root())
end

-- The state of buf when the helper's results for it are there: waits up to
-- ms for the first ones. Else says why not (naming `what`) and returns nil.
---@param buf integer
---@param what string
---@param ms? integer default 2000
---@return table? # the buffer's state (bulletin.state)
function M.results(buf, what, ms)
  local state = require('bulletin.state')
  local st = state.get(buf)
  if not st then
    vim.notify('bulletin: not a bulletin buffer (filetype bulletin)', vim.log.levels.ERROR)
    return nil
  end
  local helper = require('bulletin.helper')
  local buffer = require('bulletin.buffer')
  local busy = helper.status == 'restarting' or helper.status == 'starting'
  if busy or (helper.status == 'running' and not st.outline and not buffer.refused(buf)) then
    vim.wait(ms or 2000, function()
      if helper.status == 'running' then
        return st.outline ~= nil or buffer.refused(buf)
      end
      return helper.status ~= 'restarting' and helper.status ~= 'starting'
    end, 10)
  end
  local problem = M.helper_problem(what)
  if problem then
    vim.notify(problem, vim.log.levels.WARN)
    return nil
  end
  if buffer.refused(buf) then
    vim.notify('bulletin: cannot ' .. what .. ': the helper refused this buffer as too big '
      .. '(syntax highlighting only for it); :edit or :BulletinRestart tries again', vim.log.levels.WARN)
    return nil
  end
  if not st.outline then
    vim.notify('bulletin: cannot ' .. what .. ' yet: the helper has not answered for this buffer', vim.log.levels.WARN)
    return nil
  end
  return st
end

-- :BulletinOutline [loclist] [depth=N] [speaker=NAME] [kind=KIND]
-- (bulletin.outline parses and checks the arguments)
---@param arg? string
function M.cmd_outline(arg)
  require('bulletin.outline').command(arg)
end

local function bulletin_buf(buf)
  local st = require('bulletin.state').get(buf)
  if not st then
    vim.notify('bulletin: not a bulletin buffer (filetype bulletin)', vim.log.levels.ERROR)
  end
  return st
end

-- Opens the quickfix/location window without moving the cursor into it.
function M._open_list(cmd)
  local win = api.nvim_get_current_win()
  vim.cmd(cmd)
  if api.nvim_win_is_valid(win) then
    api.nvim_set_current_win(win)
  end
end

-- :BulletinQuotes [speaker]
---@param speaker? string part of a speaker's name, any case; nil or '' for all
function M.cmd_quotes(speaker)
  local buf = api.nvim_get_current_buf()
  local st = M.results(buf, 'list the soundbites')
  if not st then
    return
  end
  local items = require('bulletin.quotes').qf_items(buf, st.outline and st.outline.items or {}, speaker)
  local by = speaker and speaker ~= '' and speaker or nil
  vim.fn.setqflist({}, ' ', { title = 'bulletin quotes' .. (by and (': ' .. by) or ''), items = items })
  if require('bulletin.config').options.open_qf then
    M._open_list('botright cwindow')
  end
  if #items == 0 then
    vim.notify('bulletin: no soundbites' .. (by and (' by ' .. by) or ''), vim.log.levels.INFO)
  end
end

-- How long :BulletinLint waits for the helper's answer.
M.LINT_TIMEOUT_MS = 5000

-- :BulletinLint: lints the buffer as it is now, saved or not (by
-- notification, waiting for the answer with a deadline: never a blocking
-- request), and fills the quickfix list with what it found.
function M.cmd_lint()
  local buf = api.nvim_get_current_buf()
  if not bulletin_buf(buf) then
    return
  end
  require('bulletin.helper').wait_started(require('bulletin.helper').HANDSHAKE_MS)
  local problem = M.helper_problem('lint')
  if problem then
    return vim.notify(problem, vim.log.levels.WARN)
  end
  if require('bulletin.buffer').refused(buf) then
    return vim.notify('bulletin: cannot lint: the helper refused this buffer as too big; '
      .. ':edit or :BulletinRestart tries again', vim.log.levels.WARN)
  end
  local ok, res = require('bulletin.buffer').lint_now(buf, M.LINT_TIMEOUT_MS)
  if not ok then
    return vim.notify(tostring(res), vim.log.levels.WARN)
  end
  local items = require('bulletin.lint').qf_items(buf, res)
  vim.fn.setqflist({}, ' ', { title = 'bulletin lint', items = items })
  if require('bulletin.config').options.open_qf then
    M._open_list('botright cwindow')
  end
  if #items == 0 then
    vim.notify('bulletin: no lint problems', vim.log.levels.INFO)
  end
end

-- A `.bulletinrc` was written: every attached buffer re-reads its own
-- (protocol 2: bulletin_attach with reload) and is derived again.
function M.rc_written()
  if not package.loaded['bulletin.state'] then
    return -- no bulletin attached yet
  end
  local helper = require('bulletin.helper')
  for buf in pairs(require('bulletin.state').all()) do
    if api.nvim_buf_is_loaded(buf) then
      helper.notify('bulletin_attach', buf, { path = api.nvim_buf_get_name(buf), reload = true })
    end
  end
end

-- :BulletinRestart
function M.restart()
  local helper = require('bulletin.helper')
  if helper.restart() then
    require('bulletin.buffer').reattach_all()
  end
end

return M
