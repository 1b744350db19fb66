-- Folds from the helper: levels, fold text, user folds kept across edits.
local t = dofile(vim.env.BULLETIN_ROOT .. '/tests/nvim/lib.lua')
local E = dofile(t.root .. '/tests/nvim/expected.lua')

t.test('fold levels of the sample', function()
  t.open(t.tmpcopy(t.sample))
  t.eq('expr', vim.wo.foldmethod)
  local got = {}
  for l = 1, #E.levels do
    got[l] = vim.fn.foldlevel(l)
  end
  t.eq(table.concat(E.levels, ''), table.concat(got, ''), 'foldlevel() of lines 1..55')
end)

t.test('foldexpr answers absolute levels only', function()
  t.open(t.tmpcopy(t.sample))
  for l = 1, #E.levels do
    vim.v.lnum = l
    local v = tostring(vim.fn.eval(vim.wo.foldexpr))
    t.ok(v:match('^>?%d$'), 'line ' .. l .. ': ' .. v)
  end
end)

t.test('closed folds show the summary', function()
  t.open(t.tmpcopy(t.sample))
  vim.cmd('normal! zR')
  vim.cmd('10foldclose') -- [REPORT] of story 1
  t.eq(9, vim.fn.foldclosed(10))
  local text = vim.fn.foldtextresult(9)
  t.match('%[REPORT%] On Tuesday, six days after', text)
  t.match('12 lines, 2 soundbites', text)
  vim.cmd('normal! zR')
  vim.cmd('4foldclose')
  t.match('Lee and Xi Hold First Phone Call', vim.fn.foldtextresult(4))
  t.match('17 lines, 2 soundbites', vim.fn.foldtextresult(4))
  vim.cmd('normal! zR')
  vim.cmd('13foldclose')
  t.match('Kang Yu%-jung %(Presidential Spokesperson%)', vim.fn.foldtextresult(12))
end)

t.test('a closed fold survives edits elsewhere', function()
  local buf = t.open(t.tmpcopy(t.sample))
  vim.cmd('normal! zR')
  vim.cmd('47foldclose') -- [REPORT] of story 3
  t.eq(46, vim.fn.foldclosed(47))
  vim.api.nvim_win_set_cursor(0, { 10, 0 })
  t.feed('oA new sentence in the first report.<Esc>')
  t.ok(require('bulletin').wait(buf, 5000), 'results for the edit')
  t.eq(47, vim.fn.foldclosed(48), 'story 3 report still closed, one line down')
  t.feed('ggOextra<CR><Esc>')
  t.ok(require('bulletin').wait(buf, 5000), 'results for the edit')
  t.eq(49, vim.fn.foldclosed(50), 'still closed after lines above were added')
  t.eq(-1, vim.fn.foldclosed(12), 'story 1 open')
end)

t.test('a new section tag updates folds, other folds stay as they were', function()
  local buf = t.open(t.tmpcopy(t.sample))
  vim.cmd('normal! zR')
  vim.cmd('47foldclose') -- [REPORT] of story 3
  -- the blank line 19 becomes a [REPORT] tag: a section 19..20 right after
  -- the soundbite on line 18, with no blank line between them
  vim.api.nvim_buf_set_lines(buf, 18, 19, false, { '[REPORT]' })
  t.ok(require('bulletin').wait(buf, 5000), 'results for the edit')
  t.eq(2, vim.fn.foldlevel(18), 'end of the first [REPORT]')
  t.eq(2, vim.fn.foldlevel(19))
  t.eq(2, vim.fn.foldlevel(20))
  vim.cmd('20foldclose')
  t.eq(19, vim.fn.foldclosed(20), 'the new section folds on its own')
  t.eq(-1, vim.fn.foldclosed(16), 'the first [REPORT] stays open')
  t.eq(46, vim.fn.foldclosed(47), 'story 3 report still closed')
end)

t.finish()
