-- After every kind of edit, what the plugin shows equals what the helper
-- computes from scratch: fold levels, highlight spans, outline.
local t = dofile(vim.env.BULLETIN_ROOT .. '/tests/nvim/lib.lua')
local helper = require('bulletin.helper')
local ns = vim.api.nvim_create_namespace('bulletin')

local function check(buf, what)
  t.ok(require('bulletin').wait(buf, 5000), what .. ': results applied')
  local n = vim.api.nvim_buf_line_count(buf)
  local folds = vim.rpcrequest(helper.chan, 'bulletin_folds', buf)
  t.eq(n, #folds, what .. ': helper line count')
  -- protocol 2: v % 4 is the level, v >= 4 "a fold starts here"
  local levels, got, want_answers = {}, {}, {}
  for l = 1, n do
    levels[l] = folds[l] % 4
    got[l] = vim.fn.foldlevel(l)
    want_answers[l] = (folds[l] >= 4 and levels[l] > 0) and ('>' .. levels[l]) or levels[l]
  end
  t.eq(table.concat(levels, ','), table.concat(got, ','), what .. ': fold levels')
  local mirror = vim.b[buf].bulletin_folds
  local answers = {}
  for l = 1, n do
    answers[l] = require('bulletin.folds').expr(l, buf)
  end
  t.eq(answers, mirror, what .. ': b:bulletin_folds mirrors the cache')
  t.eq(want_answers, answers, what .. ': fold answers are the helper\'s (starts included)')
  local spans = vim.rpcrequest(helper.chan, 'bulletin_spans', buf, 0, n)
  local want = {}
  for i = 1, #spans, 4 do
    want[#want + 1] = string.format('%d:%d-%d:%s', spans[i], spans[i + 1], spans[i + 2], helper.groups[spans[i + 3] + 1])
  end
  -- what the decoration provider draws (the span cache), and no stored
  -- marks at all (none can outlive the text: undo, redo, :edit!)
  t.eq({}, vim.api.nvim_buf_get_extmarks(buf, ns, 0, -1, {}), what .. ': no stored extmarks')
  t.eq(n, #require('bulletin.state').get(buf).spans, what .. ': span cache as long as the buffer')
  local marks = {}
  for row = 0, n - 1 do
    for _, m in ipairs(require('bulletin.highlight').marks(buf, row)) do
      marks[#marks + 1] = string.format('%d:%d-%d:%s', row, m[1], m[2], m[3])
    end
  end
  table.sort(want)
  table.sort(marks)
  t.eq(want, marks, what .. ': highlights')
  local outline = vim.rpcrequest(helper.chan, 'bulletin_outline', buf)
  t.eq(#outline.items, #require('bulletin').outline(buf), what .. ': outline items')
  for i, it in ipairs(outline.items) do
    local mine = require('bulletin').outline(buf)[i]
    t.eq({ it.kind, it.line, it.end_line }, { mine.kind, mine.line, mine.end_line }, what .. ': item ' .. i)
  end
end

local edits = {
  { 'insert lines at the top', function(buf) vim.api.nvim_buf_set_lines(buf, 0, 0, false, { 'x', 'y' }) end },
  { 'undo', function() vim.cmd('silent normal! u') end },
  { 'redo', function() vim.cmd('silent normal! \18') end },
  { 'o in a report', function() vim.api.nvim_win_set_cursor(0, { 12, 0 }); t.feed('oNew narration here.<Esc>') end },
  { 'dd a soundbite attribution', function() vim.api.nvim_win_set_cursor(0, { 14, 0 }); vim.cmd('silent normal! dd') end },
  { 'p it back elsewhere', function() vim.api.nvim_win_set_cursor(0, { 30, 0 }); vim.cmd('silent normal! p') end },
  { 'J two lines', function() vim.api.nvim_win_set_cursor(0, { 8, 0 }); vim.cmd('silent normal! J') end },
  { ':s on every line', function() vim.cmd('silent %s/the/THE/ge') end },
  { 'split a line with <CR>', function() vim.api.nvim_win_set_cursor(0, { 10, 5 }); t.feed('i<CR><Esc>') end },
  { 'type a new section tag', function() vim.api.nvim_win_set_cursor(0, { 20, 0 }); t.feed('O[REPORT]<Esc>') end },
  { 'delete a range', function() vim.cmd('silent 25,31delete') end },
  { 'undo twice', function() vim.cmd('silent normal! uu') end },
  { ':edit!', function() vim.cmd('silent edit!') end },
  { 'replace the whole buffer', function(buf)
    vim.api.nvim_buf_set_lines(buf, 0, -1, false, vim.fn.readfile(t.fixtures .. '/unknown-tag.bulletin'))
  end },
  { 'paste the sample twice', function(buf)
    local s = vim.fn.readfile(t.sample)
    vim.api.nvim_buf_set_lines(buf, -1, -1, false, s)
    vim.api.nvim_buf_set_lines(buf, -1, -1, false, s)
  end },
}

t.test('the plugin stays in sync with the helper through edits', function()
  local buf = t.open(t.tmpcopy(t.sample))
  vim.cmd('normal! zR')
  vim.wo.foldlevel = 99
  check(buf, 'open')
  for _, e in ipairs(edits) do
    e[2](buf)
    check(buf, e[1])
  end
end)

t.test('a burst of edits without waiting between them', function()
  local buf = t.open(t.tmpcopy(t.sample))
  vim.wo.foldlevel = 99
  for i = 1, 30 do
    local n = vim.api.nvim_buf_line_count(buf)
    local at = (i * 7) % n
    if i % 3 == 0 then
      vim.api.nvim_buf_set_lines(buf, at, at + 1, false, {})
    elseif i % 3 == 1 then
      vim.api.nvim_buf_set_lines(buf, at, at, false, { 'Name' .. i .. ' Person / Role ' .. i, 'A quote ' .. i .. '.' })
    else
      vim.api.nvim_buf_set_lines(buf, at, at, false, { '', '[LEAD]', 'text ' .. i })
    end
  end
  check(buf, 'after the burst')
end)

t.finish()
