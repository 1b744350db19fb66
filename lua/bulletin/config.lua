-- bulletin.config: options and their defaults. setup() is optional.
local M = {}

local defaults = {
  -- Path of the helper binary (the plugin appends the `rpc` argument), or a
  -- full argv list. nil: the plugin's own build/bulletin.
  cmd = nil,
  -- When the helper lints: 'off', 'save' (on :write) or 'change'.
  lint = 'save',
  -- Extra spellings per vocabulary key, as in .bulletinrc:
  -- { lead = { '[Intro]' }, ['label.report'] = { 'Reporter' } }
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
  },
  -- Open the quickfix window after :BulletinQuotes / :BulletinLint.
  open_qf = true,
  -- Restart the helper at most this many times in a minute.
  max_restarts = 5,
}

local function copy(t)
  return vim.deepcopy(t)
end

M.defaults = copy(defaults)
M.options = copy(defaults)

local lint_values = { off = true, save = true, change = true }

-- Merges opts over the defaults. Returns nil or an error string.
function M.set(opts)
  opts = opts or {}
  if type(opts) ~= 'table' then
    return 'bulletin: setup() expects a table'
  end
  if opts.lint ~= nil and not lint_values[opts.lint] then
    return "bulletin: lint must be 'off', 'save' or 'change', got " .. tostring(opts.lint)
  end
  if opts.cmd ~= nil and type(opts.cmd) ~= 'string' and type(opts.cmd) ~= 'table' then
    return 'bulletin: cmd must be a path or a list'
  end
  if opts.vocab ~= nil and type(opts.vocab) ~= 'table' then
    return 'bulletin: vocab must be a table'
  end
  M.options = vim.tbl_deep_extend('force', copy(defaults), opts)
  return nil
end

return M
