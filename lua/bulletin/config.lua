-- bulletin.config: options and their defaults. setup() is optional.
local M = {}

---@alias bulletin.LintMode 'off'|'save'|'change'

---@class bulletin.OutlineOptions
---@field width? integer Width of the outline window (default 40)
---@field position? 'left'|'right' Side of the outline window (default 'right')
---@field follow? boolean Move the outline cursor with the source cursor (default true)
---@field autojump? boolean Moving in the outline moves the source cursor to the item (default true)
---@field close_on_select? boolean Close the outline after <CR> jumps (default false: it stays)
---@field depth? integer Levels shown: 1 stories, 2 and sections, 3 and soundbites (default 3)

---@class bulletin.TimingOptions
---@field target? string The bulletin's slot, 'M:SS' (the .bulletinrc's timing.target otherwise)
---@field story_target? string Every story's slot, 'M:SS'
---@field wpm? integer Narration words per minute (default 180)
---@field soundbite_wpm? integer Soundbite quote words per minute (default 160)
---@field hangul_spm? integer Hangul syllables per minute (default 300)
---@field winbar? boolean Show the breadcrumb and clock in 'winbar' (Neovim 0.8+; default false)

--- The options of require('bulletin').setup() (:help bulletin-config).
--- Every field is optional; a missing one keeps its default.
---@class bulletin.Config
---@field cmd? string|string[] Helper binary (the plugin appends `rpc`) or a full argv; nil: the plugin's build/bulletin
---@field lint? bulletin.LintMode When the helper lints (default 'save')
---@field vocab? table<string, string[]|string|boolean> A dialect, as .bulletinrc keys (:help bulletin-option-vocab)
---@field folds? boolean Set 'foldmethod'/'foldexpr'/'foldtext' in bulletin windows (default true)
---@field foldlevel? integer 'foldlevel' for those windows (nil: left alone)
---@field outline? bulletin.OutlineOptions Outline window
---@field open_qf? boolean Open the quickfix window after :BulletinQuotes / :BulletinLint (default true)
---@field max_restarts? integer Restarts of the helper allowed in a minute (default 5)
---@field timing? bulletin.TimingOptions On-air timing (:help bulletin-timing)
---@field fix_on_save? boolean Apply the safe lint fixes before each :write (default false)

---@type bulletin.Config
local defaults = {
  -- Path of the helper binary (the plugin appends the `rpc` argument), or a
  -- full argv list. nil: the plugin's own build/bulletin.
  cmd = nil,
  -- When the helper lints: 'off', 'save' (on :write) or 'change'.
  lint = 'save',
  -- A dialect as .bulletinrc keys, one list item per .bulletinrc line:
  -- { dialect = 'mine', lead = { '[Intro]' }, ['label.report'] = { 'Reporter' },
  --   attribution = { '[{speaker}/{role}]\\n"{quote}"' }, implicit_lead = true }
  vocab = {},
  -- Set 'foldmethod'/'foldexpr'/'foldtext' in windows showing a bulletin.
  folds = true,
  -- When not nil, 'foldlevel' for those windows (nil: leave it alone).
  foldlevel = nil,
  -- Outline window.
  outline = {
    width = 40,
    position = 'right', -- 'left' or 'right'
    follow = true, -- move the outline cursor with the source cursor
    autojump = true, -- moving in the outline moves the source cursor (no jumplist entry but the first)
    close_on_select = false, -- close the outline after <CR> jumps to an item
    depth = 3, -- 1: stories, 2: and sections, 3: and soundbites
  },
  -- Open the quickfix window after :BulletinQuotes / :BulletinLint.
  open_qf = true,
  -- Restart the helper at most this many times in a minute.
  max_restarts = 5,
  -- On-air timing: target = 'M:SS', story_target, wpm, soundbite_wpm,
  -- hangul_spm (nil: the .bulletinrc's or the default), winbar.
  timing = { winbar = false },
  -- Apply the safe lint fixes (:BulletinFix!) before each :write; apart
  -- from `lint` (which only reports).
  fix_on_save = false,
}

local function copy(t)
  return vim.deepcopy(t)
end

---@type bulletin.Config
M.defaults = copy(defaults)
--- The options in force: the defaults, with what setup() was given over them.
---@type bulletin.Config
M.options = copy(defaults)

local function show(v)
  if type(v) == 'string' then
    return string.format('%s %q', type(v), v)
  elseif type(v) == 'number' or type(v) == 'boolean' then
    return type(v) .. ' ' .. tostring(v)
  end
  return type(v)
end

local function is_int(v, min)
  return type(v) == 'number' and v == math.floor(v) and v >= min and v < math.huge
end

local function list_of_strings(v)
  if type(v) ~= 'table' then
    return false
  end
  local n = 0
  for k, x in pairs(v) do
    if type(k) ~= 'number' or type(x) ~= 'string' then
      return false
    end
    n = n + 1
  end
  return n == #v
end

-- 'M:SS' as the .bulletinrc's timing.target takes it.
local function is_mss(v)
  if type(v) ~= 'string' then
    return false
  end
  local m, sec = v:match('^(%d%d?%d?%d?):(%d%d)$')
  return m ~= nil and tonumber(sec) < 60
end

local function is_rate(v)
  return is_int(v, 1) and v <= 10000
end

-- .bulletinrc keys that take one value: also a string or a boolean.
local scalar_keys = { dialect = true, implicit_lead = true, hangul_chrome = true }

-- Types only: the helper checks keys and values with the .bulletinrc parser.
local function is_vocab(v)
  if type(v) ~= 'table' then
    return false
  end
  for k, x in pairs(v) do
    local scalar = scalar_keys[k] and (type(x) == 'string' or type(x) == 'boolean')
    if type(k) ~= 'string' or not (scalar or list_of_strings(x)) then
      return false
    end
  end
  return true
end

-- Every option: a check and what it expects (for the message). A table
-- `fields` instead of a check: a nested table of options.
local schema = {
  cmd = {
    check = function(v)
      return type(v) == 'string' or (list_of_strings(v) and #v > 0)
    end,
    want = 'a path (string) or a non-empty list of strings',
  },
  lint = {
    check = function(v)
      return v == 'off' or v == 'save' or v == 'change'
    end,
    want = "'off', 'save' or 'change'",
  },
  vocab = {
    check = is_vocab,
    want = 'a table of .bulletinrc keys to lists of strings (dialect, implicit_lead, hangul_chrome: '
      .. "also a string or boolean), e.g. { lead = { '[Intro]' }, attribution = { '[{speaker}: {quote}]' } }",
  },
  folds = { check = function(v) return type(v) == 'boolean' end, want = 'a boolean' },
  foldlevel = { check = function(v) return is_int(v, 0) end, want = 'a whole number >= 0 (or nil)' },
  outline = {
    fields = {
      width = { check = function(v) return is_int(v, 1) end, want = 'a whole number >= 1' },
      position = {
        check = function(v)
          return v == 'left' or v == 'right'
        end,
        want = "'left' or 'right'",
      },
      follow = { check = function(v) return type(v) == 'boolean' end, want = 'a boolean' },
      autojump = { check = function(v) return type(v) == 'boolean' end, want = 'a boolean' },
      close_on_select = { check = function(v) return type(v) == 'boolean' end, want = 'a boolean' },
      depth = { check = function(v) return is_int(v, 1) and v <= 3 end, want = '1, 2 or 3' },
    },
  },
  open_qf = { check = function(v) return type(v) == 'boolean' end, want = 'a boolean' },
  max_restarts = { check = function(v) return is_int(v, 0) end, want = 'a whole number >= 0' },
  timing = {
    fields = {
      target = { check = function(v) return is_mss(v) end, want = "'M:SS' (as '3:00')" },
      story_target = { check = function(v) return is_mss(v) end, want = "'M:SS' (as '1:30')" },
      wpm = { check = function(v) return is_rate(v) end, want = 'a whole number from 1 to 10000' },
      soundbite_wpm = { check = function(v) return is_rate(v) end, want = 'a whole number from 1 to 10000' },
      hangul_spm = { check = function(v) return is_rate(v) end, want = 'a whole number from 1 to 10000' },
      winbar = { check = function(v) return type(v) == 'boolean' end, want = 'a boolean' },
    },
  },
  fix_on_save = { check = function(v) return type(v) == 'boolean' end, want = 'a boolean' },
}

local function sorted_keys(t)
  local keys = {}
  for k in pairs(t) do
    keys[#keys + 1] = k
  end
  table.sort(keys, function(a, b)
    return tostring(a) < tostring(b)
  end)
  return keys
end

-- Checks opts against fields; returns the valid options (a new table) and
-- appends one line per problem to errs.
local function validate(opts, fields, prefix, errs)
  local good = {}
  for _, k in ipairs(sorted_keys(opts)) do
    local v = opts[k]
    local name = prefix .. tostring(k)
    local spec = type(k) == 'string' and fields[k] or nil
    if not spec then
      errs[#errs + 1] = string.format('unknown option %s (known: %s)', name, table.concat(sorted_keys(fields), ', '))
    elseif spec.fields then
      if type(v) ~= 'table' then
        errs[#errs + 1] = string.format('%s must be a table (got %s)', name, show(v))
      else
        good[k] = validate(v, spec.fields, name .. '.', errs)
      end
    elseif not spec.check(v) then
      errs[#errs + 1] = string.format('%s must be %s (got %s)', name, spec.want, show(v))
    else
      good[k] = v
    end
  end
  return good
end

-- Merges opts over the defaults. An unknown option or a value of the wrong
-- type is left out (its default applies) and named in the returned message
-- (one string, one line per problem); nil when every option is right.
---@param opts? bulletin.Config
---@return string? # the message naming every wrong option, or nil
function M.set(opts)
  opts = opts or {}
  if type(opts) ~= 'table' then
    return 'bulletin: setup() expects a table of options (got ' .. show(opts) .. ')'
  end
  local errs = {}
  local good = validate(opts, schema, '', errs)
  M.options = vim.tbl_deep_extend('force', copy(defaults), good)
  if #errs == 0 then
    return nil
  end
  return 'bulletin: setup(): ' .. table.concat(errs, '; ') .. (#errs == 1 and '; ignored it' or '; ignored them')
end

return M
