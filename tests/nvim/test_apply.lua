-- The plugin's cache, fed synthetic pushes through a stub helper (no
-- parser involved): splicing on edits, stale pushes, folds kept closed.
local t = dofile(vim.env.BULLETIN_ROOT .. '/tests/nvim/lib.lua')
-- Highlights are drawn by a decoration provider from the plugin's span
-- cache (no stored extmarks since issue 7): read what it draws.
t.marks = function(buf, line)
  return require('bulletin.highlight').marks(buf, line)
end
local E = dofile(t.root .. '/tests/nvim/expected.lua')

vim.env.STUB_PROTOCOL = tostring(require('bulletin.helper').PROTOCOL)
local stub = t.root .. '/tests/nvim/fixtures/stub_helper.py'
require('bulletin').setup({ cmd = { '/usr/bin/python3', stub, 'rpc' } })
local helper = require('bulletin.helper')

-- Protocol 2 fold values: level + 4 where an item's fold starts.
local function values()
  local starts = {}
  for _, it in ipairs(E.items) do
    if it.kind ~= 'quote' or it.end_line > it.line then
      starts[it.line] = true
    end
  end
  local v = {}
  for l, lv in ipairs(E.levels) do
    v[l] = lv + ((starts[l] and lv > 0) and 4 or 0)
  end
  return v
end

local function sample_items()
  local its = require('bulletin.state').copy(E.items)
  for _, it in ipairs(its) do
    if it.kind == 'quote' then
      it.quote = E.quotes[it.line]
    end
  end
  return its
end

local function full_push(buf, tick)
  local spans = {
    11, 0, 12, 6, 11, 15, 40, 7, -- Kang Yu-jung / Presidential Spokesperson
    12, 0, 119, 8,
  }
  local n = #E.levels
  helper._on_push({
    buf = buf, tick = tick, n = n, splice = { 0, 0, n },
    folds = { 0, values() }, hl = { 0, n, spans },
    outline = { meta = E.meta, items = t.wire_items(sample_items()) },
  })
end

local function open_sample()
  vim.cmd('edit ' .. t.tmpcopy(t.sample))
  local buf = vim.api.nvim_get_current_buf()
  if vim.bo.filetype ~= 'bulletin' then
    vim.bo.filetype = 'bulletin'
  end
  -- the handshake is answered without blocking :edit (test_handshake.lua)
  t.eq('running', helper.wait_started(5000), 'stub helper running')
  return buf
end

t.test('first push: folds, highlights, outline, wait()', function()
  local buf = open_sample()
  t.eq(false, require('bulletin').wait(buf, 50), 'wait() before any push')
  full_push(buf, vim.api.nvim_buf_get_changedtick(buf))
  t.eq(true, require('bulletin').wait(buf, 50), 'wait() after the push')
  t.eq('expr', vim.wo.foldmethod)
  t.eq('OFF', vim.bo.syntax, 'regex syntax off once decorations arrive')
  for l, lv in ipairs(E.levels) do
    t.eq(lv, vim.fn.foldlevel(l), 'foldlevel(' .. l .. ')')
  end
  t.eq('bulletinSpeaker', t.group_at(buf, 11, 0))
  t.eq('bulletinRole', t.group_at(buf, 11, 20))
  t.eq('bulletinQuote', t.group_at(buf, 12, 5))
  t.eq(#E.items, #require('bulletin').outline(buf), 'outline items')
  -- the items came as arrays (the compact form of pushes): outline() hands
  -- out plain maps with the keys and values of each, the cache reads them
  -- by name, and a line move through a name lands in the right place
  local got = require('bulletin').outline(buf)
  for i, want in ipairs(sample_items()) do
    t.eq(nil, getmetatable(got[i]), 'item ' .. i .. ' a plain table')
    for k, v in pairs(want) do
      t.eq(v, got[i][k], 'item ' .. i .. ' ' .. k)
    end
    t.eq(nil, got[i][1], 'item ' .. i .. ' without the array values')
  end
  local cached = require('bulletin.state').get(buf).outline.items
  t.eq('quote', cached[4].kind)
  t.eq('Kang Yu-jung', cached[4].speaker)
  cached[4].line = cached[4].line + 1
  cached[4].seconds = 12.5
  t.eq(E.items[4].line + 1, require('bulletin').outline(buf)[4].line, 'a write by name')
  t.eq(12.5, require('bulletin').outline(buf)[4].seconds)
  t.eq(nil, rawget(cached[4], 'line'), 'written in its place, not as a new key')
end)

t.test('local splice keeps folds aligned before the helper answers', function()
  local buf = open_sample()
  local tick0 = vim.api.nvim_buf_get_changedtick(buf)
  full_push(buf, tick0)
  vim.cmd('normal! zR')
  vim.cmd('41foldclose') -- story 3 closed by the user
  t.eq(41, vim.fn.foldclosed(41))
  vim.api.nvim_buf_set_lines(buf, 0, 0, false, { 'extra line', 'another' })
  -- no push yet: the cache was spliced by on_bytes
  t.eq(1, vim.fn.foldlevel(6), 'story 1 title moved to line 6')
  t.eq(3, vim.fn.foldlevel(15), 'soundbite moved to 14..16')
  t.eq(43, vim.fn.foldclosed(43), 'closed story fold moved with the text')
  -- a stale push (for tick0) arrives: its lines are mapped through the edit
  helper._on_push({ buf = buf, tick = tick0, n = 55, folds = { 11, { 7, 3, 3 } },
    hl = { 11, 12, { 11, 0, 12, 6 } } })
  t.eq(3, vim.fn.foldlevel(14))
  t.eq('bulletinSpeaker', t.group_at(buf, 13, 0), 'stale span mapped to the shifted line')
  -- the push for the edit
  local lv = require('bulletin.state').copy(E.levels)
  table.insert(lv, 1, 0)
  table.insert(lv, 1, 0)
  local items = sample_items()
  for _, it in ipairs(items) do
    it.line = it.line + 2
    it.end_line = it.end_line + 2
    if it.quote_line then
      it.quote_line = it.quote_line + 2
    end
  end
  helper._on_push({ buf = buf, tick = vim.api.nvim_buf_get_changedtick(buf), n = 57,
    splice = { 0, 0, 2 }, folds = { 0, { 0, 0 } }, hl = { 0, 2, {} },
    outline = { meta = E.meta, items = t.wire_items(items) } })
  t.ok(require('bulletin').wait(buf, 10), 'in sync')
  for l, want in ipairs(lv) do
    t.eq(want, vim.fn.foldlevel(l), 'foldlevel(' .. l .. ')')
  end
  t.eq(43, vim.fn.foldclosed(43), 'user fold still closed after the push')
  t.eq(-1, vim.fn.foldclosed(6), 'story 1 still open')
end)

t.test('pushes older than the applied one are dropped', function()
  local buf = open_sample()
  local tick = vim.api.nvim_buf_get_changedtick(buf)
  full_push(buf, tick)
  helper._on_push({ buf = buf, tick = tick - 1, n = 55, folds = { 0, { 3, 3, 3 } } })
  t.eq(0, vim.fn.foldlevel(1))
end)

t.test('adjacent sections with no blank between fold separately', function()
  local buf = open_sample()
  full_push(buf, vim.api.nvim_buf_get_changedtick(buf))
  vim.cmd('normal! zR')
  -- line 8 (blank, level 1) now belongs to [LEAD]: [LEAD] 6..8 and
  -- [REPORT] 9..20 touch; only the '>2' at line 9 keeps them apart
  local items = sample_items()
  items[2].end_line = 8
  helper._on_push({ buf = buf, tick = vim.api.nvim_buf_get_changedtick(buf), n = 55,
    folds = { 7, { 2 } }, outline = { meta = E.meta, items = t.wire_items(items) } })
  t.eq(2, vim.fn.foldlevel(8))
  vim.cmd('7foldclose')
  t.eq(6, vim.fn.foldclosed(7), 'LEAD closed')
  t.eq(-1, vim.fn.foldclosed(9), 'REPORT still open')
end)

t.test('foldtext summarises tag, first words, lines and soundbites', function()
  local buf = open_sample()
  full_push(buf, vim.api.nvim_buf_get_changedtick(buf))
  local s = require('bulletin.folds').summary(buf, 9, 20, 2)
  t.match('^%[REPORT%] On Tuesday, six days', s)
  t.match('%(12 lines, 2 soundbites%)$', s)
  s = require('bulletin.folds').summary(buf, 4, 20, 1)
  t.match('^Lee and Xi Hold First Phone Call: President Lee Jae%-myung spoke', s)
  t.match('2 soundbites', s)
  s = require('bulletin.folds').summary(buf, 12, 14, 3)
  t.match('^Kang Yu%-jung %(Presidential Spokesperson%): Both leaders', s)
end)

t.finish()
