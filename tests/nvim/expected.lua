-- What BULLETIN-FORMAT.md prescribes for samples/news-today.bulletin
-- (derived by hand from the spec; the tests hold the helper to it).
local E = {}

local NIL = vim.NIL

E.items = {
  { kind = 'story', level = 1, line = 4, end_line = 20, title = 'Lee and Xi Hold First Phone Call' },
  { kind = 'section', level = 2, line = 6, end_line = 7, tag = '[LEAD]', section = 'lead' },
  { kind = 'section', level = 2, line = 9, end_line = 20, tag = '[REPORT]', section = 'report' },
  { kind = 'quote', level = 3, line = 12, end_line = 14, quote_line = 13, form = 'slash',
    speaker = 'Kang Yu-jung', role = 'Presidential Spokesperson' },
  { kind = 'quote', level = 3, line = 18, end_line = 18, quote_line = 18, form = 'inline',
    speaker = 'Park Byung-kwang', role = 'Institution for National Security Strategy' },
  { kind = 'story', level = 1, line = 22, end_line = 39, title = '2. Heat Wave Grips the Capital' },
  { kind = 'section', level = 2, line = 24, end_line = 25, tag = '[LEAD]', section = 'lead' },
  { kind = 'section', level = 2, line = 27, end_line = 39, tag = '[REPORT]', section = 'report' },
  { kind = 'quote', level = 3, line = 30, end_line = 31, quote_line = 31, form = 'tag_line',
    speaker = 'Kim Min-ji', role = 'Office Worker' },
  { kind = 'quote', level = 3, line = 35, end_line = 35, quote_line = 35, form = 'anon',
    speaker = NIL, role = 'Korea Meteorological Administration' },
  { kind = 'quote', level = 3, line = 37, end_line = 37, quote_line = 37, form = 'bracket',
    speaker = 'Park Sun-hee', role = 'Forecaster, Korea Meteorological Administration' },
  { kind = 'story', level = 1, line = 41, end_line = 55, title = 'LANTERN FESTIVAL RETURNS TO GYEONGJU' },
  { kind = 'section', level = 2, line = 43, end_line = 44, tag = '[LEAD]', section = 'lead' },
  { kind = 'section', level = 2, line = 46, end_line = 55, tag = '[REPORT]', section = 'report' },
  { kind = 'quote', level = 3, line = 49, end_line = 51, quote_line = 50, form = 'slash',
    speaker = 'Lee Ha-na', role = 'Festival Director' },
  { kind = 'quote', level = 3, line = 55, end_line = 55, quote_line = 55, form = 'quote_only',
    speaker = NIL, role = NIL },
}

E.meta = { date = '2025-06-11', program = 'News Today', posted = '2025-06-11T15:46', updated = '2025-06-11T16:02' }

-- fold levels of lines 1..55
local function levels()
  local lv = {}
  local function set(a, b, l)
    for i = a, b do
      lv[i] = l
    end
  end
  set(1, 3, 0)
  set(4, 5, 1); set(6, 7, 2); set(8, 8, 1); set(9, 20, 2); set(12, 14, 3)
  set(21, 21, 0)
  set(22, 23, 1); set(24, 25, 2); set(26, 26, 1); set(27, 39, 2); set(30, 31, 3)
  set(40, 40, 0)
  set(41, 42, 1); set(43, 44, 2); set(45, 45, 1); set(46, 55, 2); set(49, 51, 3)
  return lv
end
E.levels = levels()

-- The quote text of each soundbite, by its first line (protocol 2: the
-- helper sends it with the item; the same text `bulletin quotes` prints).
E.quotes = {
  [12] = 'Both leaders agreed to work together to produce results in areas of cooperation that people in both countries can feel. They also agreed to keep talking at every level.',
  [18] = 'Though brief, all key points were delivered.',
  [30] = 'I stepped outside for five minutes and I was soaked.',
  [35] = 'The heat will last through the weekend.',
  [37] = 'Drink water often and stay inside in the afternoon.',
  [49] = 'We waited five years for this night. Every lantern on the river was made by hand.',
  [55] = 'It feels like the whole city is out tonight.',
}

return E
