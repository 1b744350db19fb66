-- doc/bulletin.txt: helptags build, every command/map/option has a tag;
-- doc/tags is not committed.
local t = dofile(vim.env.BULLETIN_ROOT .. '/tests/nvim/lib.lua')

t.test('helptags of a copy, with every tag the plugin needs', function()
  local dir = vim.fn.tempname() .. '/doc'
  vim.fn.mkdir(dir, 'p')
  vim.fn.writefile(vim.fn.readfile(t.root .. '/doc/bulletin.txt'), dir .. '/bulletin.txt')
  vim.cmd('helptags ' .. vim.fn.fnameescape(dir))
  local tags = {}
  for _, l in ipairs(vim.fn.readfile(dir .. '/tags')) do
    tags[l:match('^[^\t]+')] = true
  end
  local want = {
    'bulletin', 'bulletin.txt', 'bulletin-install', 'bulletin-config', 'bulletin-health',
    ':BulletinOutline', ':BulletinQuotes', ':BulletinLint', ':BulletinRestart',
    '<Plug>(bulletin-next-section)', '<Plug>(bulletin-prev-section)',
    '<Plug>(bulletin-next-quote)', '<Plug>(bulletin-prev-quote)',
    '<Plug>(bulletin-inner-quote)', '<Plug>(bulletin-around-quote)',
    'g:bulletin_no_maps', 'g:loaded_bulletin', 'b:bulletin_lint',
    'bulletin.setup()', 'bulletin.outline()', 'bulletin.wait()', 'bulletin.meta()', 'bulletin.status()',
    'bulletin-option-cmd', 'bulletin-option-lint', 'bulletin-option-vocab', 'bulletin-option-folds',
    'bulletin-option-foldlevel', 'bulletin-option-outline', 'bulletin-option-open_qf',
    'bulletin-option-max_restarts', 'bulletin-outline-keys',
    ':BulletinTiming', 'bulletin-timing', 'bulletin-option-timing', 'bulletin.statusline()',
    ':BulletinFix', 'bulletin-fix', 'bulletin-option-fix_on_save',
  }
  -- every highlight group the helper names in its handshake (what the
  -- decorations use), and every group the plugin links
  local helper = require('bulletin.helper')
  t.ok(helper.start(), 'helper started')
  t.eq('running', helper.wait_started(5000), 'the helper answered its handshake')
  local groups = helper.info.groups
  t.ok(type(groups) == 'table' and #groups > 0, 'the helper names its groups: ' .. vim.inspect(groups))
  for _, g in ipairs(groups) do
    want[#want + 1] = g
  end
  for g in pairs(require('bulletin.highlight').links) do
    want[#want + 1] = g
  end
  local missing = {}
  for _, w in ipairs(want) do
    if not tags[w] then
      missing[#missing + 1] = w
    end
  end
  t.eq({}, missing, 'tags missing from doc/bulletin.txt')
end)

t.test('doc/tags is not committed', function()
  local out = vim.fn.system({ 'git', '-C', t.root, 'ls-files', 'doc/tags' })
  t.eq('', vim.trim(out))
end)

t.test(':checkhealth bulletin runs', function()
  vim.cmd('checkhealth bulletin')
  local text = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n')
  t.match('bulletin', text)
  t.match('helper', text)
  t.ok(not text:find('ERROR'), 'no error in:\n' .. text)
end)

t.test(':checkhealth bulletin names the protocol and a refused buffer', function()
  local buf = t.open(t.tmpcopy(t.sample))
  local notify = vim.notify
  vim.notify = function() end
  require('bulletin.helper')._on_push({ buf = buf, refused = true, error = 'bulletin: buffer too big' })
  vim.wait(50)
  vim.notify = notify
  vim.cmd('checkhealth bulletin')
  local text = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n')
  t.match('protocol 5 %(the plugin needs 5%)', text)
  t.match('buffer ' .. buf .. ' .* was refused by the helper', text)
end)

t.finish()
