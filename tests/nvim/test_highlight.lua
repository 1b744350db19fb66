-- Highlights: extmarks with the §5 groups, updated on edits.
local t = dofile(vim.env.BULLETIN_ROOT .. '/tests/nvim/lib.lua')
-- Highlights are drawn by a decoration provider from the plugin's span
-- cache (no stored extmarks since issue 7): read what it draws.
t.marks = function(buf, line)
  return require('bulletin.highlight').marks(buf, line)
end

t.test('groups on speaker, role, quote (slash form)', function()
  local buf = t.open(t.tmpcopy(t.sample))
  -- line 12: "Kang Yu-jung / Presidential Spokesperson"
  t.eq('bulletinSpeaker', t.group_at(buf, 11, 0), 'speaker')
  t.eq('bulletinSpeaker', t.group_at(buf, 11, 11), 'speaker end')
  t.eq('bulletinRole', t.group_at(buf, 11, 15), 'role')
  t.eq('bulletinRole', t.group_at(buf, 11, 39), 'role end')
  t.eq('bulletinQuote', t.group_at(buf, 12, 0), 'quote line 1')
  t.eq('bulletinQuote', t.group_at(buf, 13, 5), 'quote line 2')
  t.eq(nil, t.group_at(buf, 9, 5), 'narration not highlighted')
end)

t.test('groups on an inline soundbite', function()
  local buf = t.open(t.tmpcopy(t.sample))
  local line = vim.api.nvim_buf_get_lines(buf, 17, 18, false)[1]
  t.eq('bulletinCue', t.group_at(buf, 17, 0), '[Soundbite]')
  t.eq('bulletinSpeaker', t.group_at(buf, 17, line:find('Park', 1, true) - 1), 'speaker')
  t.eq('bulletinRole', t.group_at(buf, 17, line:find('Institution', 1, true) - 1), 'role')
  t.eq('bulletinQuote', t.group_at(buf, 17, line:find('brief', 1, true) - 1), 'quote')
end)

t.test('tags, titles, meta', function()
  local buf = t.open(t.tmpcopy(t.sample))
  t.eq('bulletinTag', t.group_at(buf, 5, 1), '[LEAD]')
  t.eq('bulletinTag', t.group_at(buf, 8, 1), '[REPORT]')
  t.eq('bulletinCue', t.group_at(buf, 29, 1), '[Soundbite]')
  t.eq('bulletinTitle', t.group_at(buf, 21, 5), 'numbered title')
  t.eq('bulletinTitle', t.group_at(buf, 40, 5), 'ALL CAPS title')
  t.eq('bulletinMeta', t.group_at(buf, 0, 2), 'date line')
end)

t.test('an edit is reflected', function()
  local buf = t.open(t.tmpcopy(t.sample))
  vim.api.nvim_buf_set_lines(buf, 15, 16, false, { 'Choi Ji-woo / Trade Minister', 'We will meet again soon.' })
  t.ok(require('bulletin').wait(buf, 5000), 'results for the edit')
  t.eq('bulletinSpeaker', t.group_at(buf, 15, 0), 'new speaker')
  t.eq('bulletinRole', t.group_at(buf, 15, 15), 'new role')
  t.eq('bulletinQuote', t.group_at(buf, 16, 0), 'new quote')
  -- the lines below moved with their marks
  t.eq('bulletinCue', t.group_at(buf, 18, 0), '[Soundbite] one line down')
  -- and removing the attribution removes its marks
  vim.api.nvim_buf_set_lines(buf, 15, 17, false, { 'Plain narration again.' })
  t.ok(require('bulletin').wait(buf, 5000), 'results for the edit')
  t.eq({}, t.marks(buf, 15), 'no marks on narration')
end)

t.test('default links, overridable by colour schemes', function()
  vim.cmd('highlight bulletinRole guifg=#123456')
  t.open(t.tmpcopy(t.sample))
  t.match('links to Identifier', vim.fn.execute('highlight bulletinSpeaker'))
  t.match('guifg=#123456', vim.fn.execute('highlight bulletinRole'), 'user definition kept')
  t.eq('OFF', vim.bo.syntax, 'regex syntax off while the helper decorates')
end)

t.finish()
