-- §7.9: an attribution that a typo turned into narration is a diagnostic
-- (malformed-attribution) saying what to fix; the soundbite beside it
-- still shows in the outline.
local t = dofile(vim.env.BULLETIN_ROOT .. '/tests/nvim/lib.lua')

local ns = vim.api.nvim_create_namespace('bulletin.lint')

t.test('malformed-attribution on :write, and in :BulletinLint', function()
  local buf = t.open(t.tmpcopy(t.fixtures .. '/typo-attribution.bulletin'))
  vim.cmd('silent write')
  local found
  t.wait_for(5000, function()
    for _, d in ipairs(vim.diagnostic.get(buf, { namespace = ns })) do
      if d.code == 'malformed-attribution' then
        found = d
      end
    end
    return found ~= nil
  end, 'a malformed-attribution diagnostic')
  t.eq(8, found.lnum, 'on "Kim Min-ji . Resident"')
  t.eq(11, found.col, "at the '.'")
  t.eq(vim.diagnostic.severity.WARN, found.severity)
  t.match("write '/' for '%.'", found.message)
  local others = {}
  for _, d in ipairs(vim.diagnostic.get(buf, { namespace = ns })) do
    if d.lnum ~= 8 then
      others[#others + 1] = d.code .. ' line ' .. (d.lnum + 1)
    end
  end
  t.eq({}, others, 'the well-formed attribution on line 12 is quiet')
  vim.cmd('BulletinLint')
  local hit
  for _, e in ipairs(vim.fn.getqflist()) do
    if e.text:find('malformed-attribution', 1, true) then
      hit = e
    end
  end
  t.ok(hit, 'in the quickfix list: ' .. vim.inspect(vim.fn.getqflist()))
  t.eq(9, hit.lnum)
  t.eq('W', hit.type)
end)

t.finish()
