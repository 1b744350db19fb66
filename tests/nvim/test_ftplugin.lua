-- Filetype detection, buffer-local maps and options, and their undoing.
local t = dofile(vim.env.BULLETIN_ROOT .. '/tests/nvim/lib.lua')

t.test('the sample is detected as a bulletin', function()
  vim.cmd('edit ' .. t.sample)
  t.eq('bulletin', vim.bo.filetype, 'filetype of samples/news-today.bulletin (ftdetect/)')
end)

t.test('buffer-local maps to <Plug> targets', function()
  local buf = t.open(t.sample)
  t.eq(1, vim.b[buf].did_ftplugin)
  local want = { [']]'] = 'next-section', ['[['] = 'prev-section', [']"'] = 'next-quote', ['["'] = 'prev-quote' }
  for lhs, plug in pairs(want) do
    for _, mode in ipairs({ 'n', 'x', 'o' }) do
      local m = vim.fn.maparg(lhs, mode, false, true)
      t.eq(1, m.buffer, lhs .. ' buffer-local in ' .. mode)
      t.eq('<Plug>(bulletin-' .. plug .. ')', m.rhs, lhs .. ' in ' .. mode)
    end
  end
  for lhs, plug in pairs({ iq = 'inner-quote', aq = 'around-quote' }) do
    for _, mode in ipairs({ 'x', 'o' }) do
      t.eq('<Plug>(bulletin-' .. plug .. ')', vim.fn.maparg(lhs, mode, false, true).rhs, lhs .. ' in ' .. mode)
    end
  end
end)

t.test('g:bulletin_no_maps: no maps, the rest works', function()
  vim.g.bulletin_no_maps = 1
  local buf = t.open(t.sample)
  vim.g.bulletin_no_maps = nil
  t.eq('', vim.fn.maparg(']]', 'n'))
  t.eq('', vim.fn.maparg('iq', 'o'))
  t.eq('expr', vim.wo.foldmethod)
  t.ok(#require('bulletin').outline(buf) > 0, 'outline')
end)

t.test('b:undo_ftplugin undoes options, maps, folds, highlights, syntax', function()
  local buf = t.open(t.sample)
  t.eq('expr', vim.wo.foldmethod)
  t.eq('OFF', vim.bo.syntax)
  t.eq(0, vim.bo.textwidth)
  -- highlights are drawn from the helper's spans by a decoration provider
  -- (issue 7): what it draws, and no stored extmark at any time
  local hl = require('bulletin.highlight')
  local ns = vim.api.nvim_create_namespace('bulletin')
  t.eq('bulletinSpeaker', (hl.marks(buf, 11)[1] or {})[3], 'highlights drawn before')
  t.eq(0, #vim.api.nvim_buf_get_extmarks(buf, ns, 0, -1, {}), 'no stored extmarks before')
  vim.cmd('setlocal filetype=text')
  t.eq('', vim.fn.maparg(']]', 'n'), ']] gone')
  t.eq('', vim.fn.maparg('iq', 'x'), 'iq gone')
  t.eq('manual', vim.wo.foldmethod)
  t.eq('0', vim.wo.foldexpr)
  t.eq('foldtext()', vim.wo.foldtext)
  t.eq({}, hl.marks(buf, 11), 'no highlights drawn after')
  t.eq(0, #vim.api.nvim_buf_get_extmarks(buf, ns, 0, -1, {}), 'no extmarks after')
  t.ok(vim.bo.syntax ~= 'OFF', 'syntax back: ' .. vim.bo.syntax)
  t.eq(nil, require('bulletin.state').get(buf), 'detached')
  -- and back
  vim.cmd('setlocal filetype=bulletin')
  t.ok(require('bulletin').wait(buf, 5000), 'attached again')
  t.eq('expr', vim.wo.foldmethod)
end)

t.test('fold options follow the buffer into new windows only', function()
  local buf = t.open(t.sample)
  vim.cmd('vsplit')
  t.eq('expr', vim.wo.foldmethod, 'split window')
  vim.cmd('enew')
  t.eq('manual', vim.wo.foldmethod, 'other buffer in that window')
  vim.cmd('buffer ' .. buf)
  t.eq('expr', vim.wo.foldmethod, 'back to the bulletin')
end)

t.finish()
