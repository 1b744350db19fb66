-- Start-up: nothing of the plugin's Lua is loaded until a bulletin opens.
local t = dofile(vim.env.BULLETIN_ROOT .. '/tests/nvim/lib.lua')

t.test('no bulletin module loaded at start-up', function()
  local loaded = {}
  for name in pairs(package.loaded) do
    if name:find('bulletin') then
      loaded[#loaded + 1] = name
    end
  end
  t.eq({}, loaded, 'package.loaded entries for bulletin')
end)

t.test('load guard, commands and <Plug> maps defined', function()
  t.eq(1, vim.g.loaded_bulletin)
  for _, c in ipairs({ 'BulletinOutline', 'BulletinQuotes', 'BulletinLint', 'BulletinRestart' }) do
    t.eq(2, vim.fn.exists(':' .. c), c)
  end
  for _, p in ipairs({ 'next-section', 'prev-section', 'next-quote', 'prev-quote' }) do
    for _, mode in ipairs({ 'n', 'x', 'o' }) do
      t.ok(vim.fn.maparg('<Plug>(bulletin-' .. p .. ')', mode) ~= '', p .. ' in mode ' .. mode)
    end
  end
  for _, p in ipairs({ 'inner-quote', 'around-quote' }) do
    for _, mode in ipairs({ 'x', 'o' }) do
      t.ok(vim.fn.maparg('<Plug>(bulletin-' .. p .. ')', mode) ~= '', p .. ' in mode ' .. mode)
    end
  end
  -- no global maps on ]] and friends
  t.eq('', vim.fn.maparg(']]', 'n'))
end)

t.test('opening a non-bulletin file loads nothing', function()
  local f = vim.fn.tempname() .. '.txt'
  vim.fn.writefile({ 'hello' }, f)
  vim.cmd('edit ' .. f)
  for name in pairs(package.loaded) do
    t.ok(not name:find('^bulletin'), 'loaded ' .. name)
  end
end)

t.finish()
