-- On-air timing in Neovim (issue 10): the items' seconds, the status line
-- component, the foldtext, :BulletinTiming, setup({ timing }), the winbar;
-- all following the edits. The seed's numbers are counted by hand in
-- tests/cli/test_timing.py: lead 53 words (17.667 s), report 193 words of
-- narration and quotes of 20 and 24 words (80.833 s), 98.5 s in all.
local t = dofile(vim.env.BULLETIN_ROOT .. '/tests/nvim/lib.lua')
local bulletin = require('bulletin')
local SEED = t.root .. '/tests/corpus/data/seed-news-today.txt'

local function close(a, b, what)
  t.ok(type(b) == 'number' and math.abs(a - b) < 0.001, (what or 'close') .. ': want ' .. a .. ', got '
    .. tostring(b))
end

local function open_seed()
  local buf = t.open(t.tmpcopy(SEED, 'seed.bulletin'))
  t.wait_for(3000, function()
    return bulletin.statusline() ~= ''
  end, 'timing in the first push')
  return buf
end

t.test('outline items carry seconds; the total', function()
  local buf = open_seed()
  local items = bulletin.outline(buf)
  t.eq({ 'story', 'section', 'section', 'quote', 'quote' }, vim.tbl_map(function(it)
    return it.kind
  end, items))
  close(98.5, items[1].seconds, 'story')
  close(17.667, items[2].seconds, 'lead')
  close(80.833, items[3].seconds, 'report')
  close(7.5, items[4].seconds, 'quote 1')
  close(9.0, items[5].seconds, 'quote 2')
end)

t.test('statusline: story n/N, section, elapsed / total', function()
  open_seed()
  vim.api.nvim_win_set_cursor(0, { 6, 0 })
  t.eq('1/1 (untitled) › lead  0:00 / 1:39', bulletin.statusline())
  vim.api.nvim_win_set_cursor(0, { 9, 0 })
  -- the lead (17.667 s) is behind the cursor
  t.eq('1/1 (untitled) › report  0:18 / 1:39', bulletin.statusline())
  vim.api.nvim_win_set_cursor(0, { 1, 0 })
  t.eq('0:00 / 1:39', bulletin.statusline(), 'in the header, before the story')
  -- in 'statusline' itself
  vim.o.laststatus = 2
  vim.wo.statusline = "%{%v:lua.require'bulletin'.statusline()%}"
  vim.api.nvim_win_set_cursor(0, { 9, 0 })
  t.match('report  0:18 / 1:39', vim.api.nvim_eval_statusline(vim.wo.statusline, {}).str)
end)

t.test('typing updates the times', function()
  local buf = open_seed()
  vim.api.nvim_win_set_cursor(0, { 9, 0 })
  -- three words more in the lead: 56 words = 18.667 s; total 99.5 s = 1:40
  local l6 = vim.api.nvim_buf_get_lines(buf, 5, 6, false)[1]
  vim.api.nvim_buf_set_lines(buf, 5, 6, false, { l6 .. ' one two three' })
  t.ok(bulletin.wait(buf, 3000), 'synced')
  t.wait_for(2000, function()
    return bulletin.statusline() == '1/1 (untitled) › report  0:19 / 1:40'
  end, 'the status line to follow: ' .. bulletin.statusline())
  local items = bulletin.outline(buf)
  close(18.667, items[2].seconds, 'lead')
  close(99.5, items[1].seconds, 'story')
  close(80.833, items[3].seconds, 'report unchanged')
  -- deleting the Kang Yu-jung soundbite (lines 15-16): its 20 words go,
  -- the attribution and quote lines are gone, report = 80.833 - 7.5
  vim.api.nvim_buf_set_lines(buf, 14, 16, false, {})
  t.ok(bulletin.wait(buf, 3000), 'synced')
  t.wait_for(2000, function()
    local it = bulletin.outline(buf)
    return #it == 4 and math.abs((it[3].seconds or 0) - 73.333) < 0.001
  end, 'the report without its first soundbite')
  close(18.667 + 73.333, bulletin.outline(buf)[1].seconds, 'story')
end)

t.test('foldtext shows the time of a story and a section', function()
  open_seed()
  vim.cmd('normal! zR')
  vim.cmd('6foldclose') -- the lead, lines 5-6
  t.eq(5, vim.fn.foldclosed(6))
  t.match('%(0:18, 2 lines%)', vim.fn.foldtextresult(5))
  vim.cmd('normal! zR')
  vim.cmd('9foldclose') -- the report
  t.match('%(1:21, 30 lines, 2 soundbites%)', vim.fn.foldtextresult(8))
end)

t.test(':BulletinTiming shows the rundown and follows edits', function()
  local buf = open_seed()
  vim.cmd('BulletinTiming')
  local rb = vim.api.nvim_get_current_buf()
  t.ok(rb ~= buf, 'a scratch window')
  local lines = vim.api.nvim_buf_get_lines(rb, 0, -1, false)
  t.eq('total 1:39', lines[1])
  t.eq({ '5', '0:00', '1:39', '1:39', '(untitled)' }, vim.split(vim.trim(lines[3]), '%s+'))
  t.eq(false, vim.bo[rb].modifiable)
  vim.cmd('wincmd p')
  vim.api.nvim_buf_set_lines(buf, 5, 6, false, { 'Only four words here.' })
  t.ok(bulletin.wait(buf, 3000), 'synced')
  -- lead 4 words = 1.333 s; total 82.167 s = 1:22
  t.wait_for(2000, function()
    return vim.api.nvim_buf_get_lines(rb, 0, 1, false)[1] == 'total 1:22'
  end, 'the rundown to follow')
  -- <CR> on a story row jumps to it
  vim.api.nvim_set_current_win(vim.fn.bufwinid(rb))
  vim.api.nvim_win_set_cursor(0, { 3, 0 })
  t.feed('<CR>')
  t.eq(buf, vim.api.nvim_get_current_buf())
  t.eq(5, vim.api.nvim_win_get_cursor(0)[1])
end)

t.test('setup timing: target and rate', function()
  local buf = open_seed()
  bulletin.setup({ timing = { target = '1:30' } })
  t.wait_for(3000, function()
    return bulletin.statusline():find('(+0:09)', 1, true) ~= nil
  end, 'over the target: ' .. bulletin.statusline())
  -- 120 words a minute: narration (53 + 193) / 2 = 123 s, quotes 16.5 s
  bulletin.setup({ timing = { wpm = 120 } })
  t.wait_for(3000, function()
    local it = bulletin.outline(buf)[1]
    return it and math.abs((it.seconds or 0) - 139.5) < 0.001
  end, 'the story at 120 wpm')
  t.eq('0:00 / 2:20', bulletin.statusline())
  -- bad values are named and left out
  local msgs = {}
  local notify = vim.notify
  vim.notify = function(m)
    msgs[#msgs + 1] = m
  end
  bulletin.setup({ timing = { target = '90', wpm = 0 } })
  vim.notify = notify
  t.match('timing.target must be', msgs[1])
  t.match('timing.wpm must be', msgs[1])
  bulletin.setup({})
end)

t.test('winbar option (0.8+)', function()
  if vim.fn.has('nvim-0.8') == 0 then
    t.ok(true)
    return
  end
  open_seed()
  bulletin.setup({ timing = { winbar = true } })
  t.eq(require('bulletin.timing').WINBAR, vim.wo.winbar)
  vim.api.nvim_win_set_cursor(0, { 9, 0 })
  t.eq(' (untitled) › [REPORT]  0:18 / 1:39', require('bulletin').winbar())
  bulletin.setup({ timing = { winbar = false } })
  t.eq('', vim.wo.winbar)
end)

t.finish()
