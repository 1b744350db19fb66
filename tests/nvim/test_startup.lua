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

t.test('sourcing plugin/bulletin.vim costs well under 1 ms', function()
  -- the best of five start-ups: one can be slowed by a busy machine
  local best
  for _ = 1, 5 do
    local log = vim.fn.tempname()
    vim.fn.system({ vim.v.progpath, '--headless', '-i', 'NONE', '-u', t.root .. '/tests/nvim/minimal_init.vim',
      '--startuptime', log, '+qa!' })
    for _, l in ipairs(vim.fn.readfile(log)) do
      local total = l:match('^%s*[%d.]+%s+([%d.]+)%s+[%d.]+: sourcing .*/plugin/bulletin%.vim$')
      if total and (not best or tonumber(total) < best) then
        best = tonumber(total)
      end
    end
  end
  t.ok(best, 'plugin/bulletin.vim in --startuptime output')
  t.ok(best < 1.0, 'sourcing took ' .. tostring(best) .. ' ms')
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
