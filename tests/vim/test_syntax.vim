" syntax/bulletin.vim: groups at known places of fixtures/all-groups.bulletin,
" places that must stay plain, options, load guard, long lines.

let s:groups = ['bulletinTag', 'bulletinCue', 'bulletinUnknownTag', 'bulletinTitle',
      \ 'bulletinMeta', 'bulletinChrome', 'bulletinSpeaker', 'bulletinRole', 'bulletinQuote']

function! s:Open() abort
  execute 'edit ' . fnameescape(g:test_fixtures . '/all-groups.bulletin')
  call assert_equal('bulletin', &filetype)
  call assert_equal('bulletin', get(b:, 'current_syntax', ''))
endfunction

" The first line equal to text, else the first line containing it.
function! s:Line(text) abort
  let l:lines = getline(1, '$')
  let l:i = index(l:lines, a:text)
  if l:i < 0
    let l:i = match(l:lines, '\V' . escape(a:text, '\'))
  endif
  if l:i < 0
    call assert_report('fixture has no line with ' . string(a:text))
  endif
  return l:i + 1
endfunction

function! s:Group(lnum, col) abort
  return synIDattr(synID(a:lnum, a:col, 1), 'name')
endfunction

" Every character of needle (its first occurrence on the line found by
" s:Line(line)) is highlighted as group ('' = no group).
function! s:Expect(line, needle, group) abort
  let l:lnum = s:Line(a:line)
  if l:lnum == 0
    return
  endif
  let l:text = getline(l:lnum)
  let l:col = stridx(l:text, a:needle)
  if l:col < 0
    call assert_report(printf('line %d %s has no %s', l:lnum, string(l:text), string(a:needle)))
    return
  endif
  let l:end = l:col + len(a:needle)
  while l:col < l:end
    let l:got = s:Group(l:lnum, l:col + 1)
    if l:got !=# a:group
      call assert_report(printf('line %d byte %d of %s in %s: expected %s, got %s',
            \ l:lnum, l:col, string(a:needle), string(l:text), string(a:group), string(l:got)))
      return
    endif
    let l:col += max([1, len(matchstr(l:text, '.', l:col))])
  endwhile
endfunction

function! Test_syntax_section_tags_and_labels() abort
  call s:Open()
  call s:Expect('[LEAD]', '[LEAD]', 'bulletinTag')
  call s:Expect('[REPORT]', '[REPORT]', 'bulletinTag')
  call s:Expect('[Anchor Lead]', '[Anchor Lead]', 'bulletinTag')
  call s:Expect('[Anchor]', '[Anchor]', 'bulletinTag')
  call s:Expect('Anchor: Good evening', 'Anchor:', 'bulletinTag')
  call s:Expect('Anchor: Good evening', 'Good evening from Seoul.', '')
  call s:Expect('Report: Stocks fell', 'Report:', 'bulletinTag')
  " A tag after the date header.
  call s:Expect(' date 2018-02-14 [Anchor Lead]', '[Anchor Lead]', 'bulletinTag')
  call s:Expect(' date 2018-02-14 [Anchor Lead]', 'date 2018-02-14', 'bulletinMeta')
endfunction

function! Test_syntax_soundbite_cues() abort
  call s:Open()
  call s:Expect('[Soundbite]', '[Soundbite]', 'bulletinCue')
  call s:Expect('[Soundbite] Park Min-su', '[Soundbite]', 'bulletinCue')
  call s:Expect('[Sound bite: Jo Min', '[Sound bite: Jo Min - Rice Farmer (Korean)]', 'bulletinCue')
  call s:Expect('[Sound bites from', '[Sound bites from the harvest festival]', 'bulletinCue')
endfunction

function! Test_syntax_unknown_tags() abort
  call s:Open()
  call s:Expect('[Reprot]', '[Reprot]', 'bulletinUnknownTag')
  call s:Expect('[lead]', '[lead]', 'bulletinUnknownTag')
endfunction

function! Test_syntax_titles() abort
  call s:Open()
  " A headline followed by the posting time.
  call s:Expect('Leaders Talk Trade', 'Leaders Talk Trade', 'bulletinTitle')
  call s:Expect('2. Markets Fall Again', '2. Markets Fall Again', 'bulletinTitle')
  call s:Expect('PARLIAMENT PASSES BUDGET', 'PARLIAMENT PASSES BUDGET', 'bulletinTitle')
  call s:Expect('"N. KOREA FIRES MISSILE"', 'N. KOREA FIRES MISSILE', 'bulletinTitle')
  " A short line followed by a lead tag.
  call s:Expect('The Weather Turns Cold', 'The Weather Turns Cold', 'bulletinTitle')
  " A programme tag then the title.
  call s:Expect('[News Today] Ministers', 'Ministers Meet In Seoul', 'bulletinTitle')
endfunction

function! Test_syntax_first_line_title() abort
  execute 'edit ' . fnameescape(g:test_fixtures . '/first-line-title.bulletin')
  call assert_equal('bulletinTitle', s:Group(1, 1))
  call assert_equal('bulletinTitle', s:Group(1, len(getline(1))))
  " The same words later in the file are narration.
  call assert_equal('Storm Hits Southern Coast', getline(5))
  call assert_equal('', s:Group(5, 1))
  call assert_equal('', s:Group(6, 1))
endfunction

function! Test_syntax_meta() abort
  call s:Open()
  call s:Expect(' date 2025-06-11 News Today', 'date 2025-06-11 News Today', 'bulletinMeta')
  call s:Expect('입력 2025.06.11', '입력 2025.06.11 (15:46) 수정 2025.06.11 (16:02)', 'bulletinMeta')
  call s:Expect('2025-07-03 15:21:00', '2025-07-03 15:21:00', 'bulletinMeta')
  call s:Expect('[News Today] Ministers', '[News Today]', 'bulletinMeta')
  call s:Expect('EXPORTS RISE News Today',
        \ 'EXPORTS RISE News Today 입력 2021.01.27 (15:06) 수정 2021.01.27 (16:46)', 'bulletinMeta')
endfunction

function! Test_syntax_chrome() abort
  call s:Open()
  call s:Expect('읽어주기 기능은 크롬기반의', '읽어주기 기능은 크롬기반의', 'bulletinChrome')
  call s:Expect('facebook', 'facebook', 'bulletinChrome')
  call s:Expect('TOP', 'TOP', 'bulletinChrome')
  call s:Expect('Home > World > Asia', 'Home > World > Asia', 'bulletinChrome')
  call s:Expect('■ 제보하기', '■ 제보하기', 'bulletinChrome')
endfunction

function! Test_syntax_slash_attribution() abort
  call s:Open()
  let l:line = 'Kang Yu-jung / Presidential Spokesperson'
  call s:Expect(l:line, 'Kang Yu-jung', 'bulletinSpeaker')
  call s:Expect(l:line, '/', '')
  call s:Expect(l:line, 'Presidential Spokesperson', 'bulletinRole')
  " The quote is the next non-blank line.
  call s:Expect('Both leaders agreed', 'Both leaders agreed to work together.', 'bulletinQuote')
endfunction

function! Test_syntax_inline_soundbite() abort
  call s:Open()
  let l:line = '[Soundbite] Park Min-su (Trade Minister) : "We will expand exports."'
  call s:Expect(l:line, 'Park Min-su', 'bulletinSpeaker')
  call s:Expect(l:line, '(', '')
  call s:Expect(l:line, 'Trade Minister', 'bulletinRole')
  call s:Expect(l:line, 'We will expand exports.', 'bulletinQuote')
  " No role.
  let l:line = '[Soundbite] Pres. Moon Jae-in : "We will see."'
  call s:Expect(l:line, 'Pres. Moon Jae-in', 'bulletinSpeaker')
  call s:Expect(l:line, 'We will see.', 'bulletinQuote')
  " Name only, nested parentheses.
  let l:line = '[Soundbite] Shin Ha-neul (Navy Captain(RET.))'
  call s:Expect(l:line, 'Shin Ha-neul', 'bulletinSpeaker')
  call s:Expect(l:line, 'Navy Captain(RET.)', 'bulletinRole')
  " Anonymous, and quote only.
  call s:Expect('[Soundbite] (Local Resident)', 'Local Resident', 'bulletinRole')
  call s:Expect('[Soundbite] (Local Resident)', 'It was very loud.', 'bulletinQuote')
  call s:Expect('[Soundbite] "We are ready."', 'We are ready.', 'bulletinQuote')
endfunction

function! Test_syntax_colon_attribution_after_tag_line() abort
  call s:Open()
  " "[Soundbite]" alone, a blank line, then "Name (Role): Quote".
  let l:line = 'Lee Ji-won (Policy Analyst): The order of the calls matters.'
  call s:Expect(l:line, 'Lee Ji-won', 'bulletinSpeaker')
  call s:Expect(l:line, 'Policy Analyst', 'bulletinRole')
  call s:Expect(l:line, 'The order of the calls matters.', 'bulletinQuote')
endfunction

function! Test_syntax_bracket_soundbites() abort
  call s:Open()
  let l:line = '[Kim Soo-hyun/Mayor of Seoul, Capital Office: "The city will help."]'
  call s:Expect(l:line, '[', '')
  call s:Expect(l:line, 'Kim Soo-hyun', 'bulletinSpeaker')
  call s:Expect(l:line, 'Mayor of Seoul, Capital Office', 'bulletinRole')
  call s:Expect(l:line, 'The city will help.', 'bulletinQuote')
  call s:Expect('[Choi Ara: "Thank you."]', 'Choi Ara', 'bulletinSpeaker')
  call s:Expect('[Choi Ara: "Thank you."]', 'Thank you.', 'bulletinQuote')
endfunction

function! Test_syntax_radio_quote_line() abort
  call s:Open()
  call s:Expect('"The rain came late this year."', '"The rain came late this year."', 'bulletinQuote')
endfunction

function! Test_syntax_narration_stays_plain() abort
  call s:Open()
  " A bracket pair inside a sentence is not a tag.
  let l:line = 'The call lasted about thirty minutes [of the thing] and covered trade.'
  call s:Expect(l:line, l:line, '')
  " Sentences ending in "." are not titles, whatever their case.
  call s:Expect('THE MARKET CLOSED LOWER.', 'THE MARKET CLOSED LOWER.', '')
  call s:Expect('Markets Rallied Late In The Day.', 'Markets Rallied Late In The Day.', '')
  call s:Expect('This is the end of the report.', 'This is the end of the report.', '')
  call s:Expect('The president spoke', 'The president spoke with the premier by phone yesterday.', '')
  " A slash, a colon, parentheses in narration are no attribution.
  call s:Expect('Revenue rose to 3/4', 'Revenue rose to 3/4 of the target in May.', '')
  call s:Expect('Note: the figures', 'Note: the figures are provisional.', '')
  call s:Expect('Officials said (on Monday)', 'Officials said (on Monday) that the talks would go on.', '')
endfunction

function! Test_syntax_every_group_used() abort
  call s:Open()
  let l:seen = {}
  for l:lnum in range(1, line('$'))
    for l:col in range(1, len(getline(l:lnum)))
      let l:seen[s:Group(l:lnum, l:col)] = 1
    endfor
  endfor
  for l:group in s:groups
    call assert_true(has_key(l:seen, l:group), l:group . ' not used in the fixture')
  endfor
  call assert_equal([], filter(keys(l:seen), 'v:val !=# "" && index(s:groups, v:val) < 0'),
        \ 'groups outside the format')
endfunction

function! Test_syntax_default_links() abort
  call s:Open()
  let l:links = {'bulletinTag': 'Statement', 'bulletinCue': 'PreProc', 'bulletinUnknownTag': 'Error',
        \ 'bulletinTitle': 'Title', 'bulletinMeta': 'Comment', 'bulletinChrome': 'NonText',
        \ 'bulletinSpeaker': 'Identifier', 'bulletinRole': 'Type', 'bulletinQuote': 'String'}
  for [l:group, l:target] in items(l:links)
    call assert_match('links to ' . l:target, execute('highlight ' . l:group), l:group)
  endfor
endfunction

function! Test_syntax_sets_no_options() abort
  enew
  " Local values that differ from the defaults, so a reset would show.
  setlocal iskeyword=@,48-57,_,- tabstop=3 shiftwidth=5 softtabstop=7 expandtab textwidth=66
  setlocal foldmethod=indent foldlevel=2 conceallevel=1 spell commentstring=#%s comments=:#
  setlocal formatoptions=tq synmaxcol=500 nowrap
  let l:local = ['iskeyword', 'tabstop', 'shiftwidth', 'softtabstop', 'expandtab', 'textwidth',
        \ 'foldmethod', 'foldexpr', 'foldlevel', 'conceallevel', 'concealcursor', 'spell',
        \ 'commentstring', 'comments', 'formatoptions', 'synmaxcol', 'wrap', 'linebreak',
        \ 'list', 'filetype', 'modeline']
  let l:global = ['cpoptions', 'magic', 'ignorecase', 'smartcase', 'redrawtime', 'regexpengine',
        \ 'maxmempattern']
  let l:before = map(copy(l:local), 'eval("&l:" . v:val)') + map(copy(l:global), 'eval("&" . v:val)')
  setlocal syntax=bulletin
  call assert_equal('bulletin', get(b:, 'current_syntax', ''))
  call assert_match('bulletinTag', execute('syntax list'))
  let l:after = map(copy(l:local), 'eval("&l:" . v:val)') + map(copy(l:global), 'eval("&" . v:val)')
  let l:names = l:local + l:global
  for l:i in range(len(l:names))
    call assert_equal(l:before[l:i], l:after[l:i], 'option ' . l:names[l:i])
  endfor
  " No :syntax-level settings either.
  call assert_match('not set', execute('syntax iskeyword'))
  call assert_match('conceal off', execute('syntax conceal'))
  call assert_match('foldlevel start', execute('syntax foldlevel'))
  call assert_match('spell default', execute('syntax spell'))
endfunction

function! Test_syntax_load_guard() abort
  enew
  let b:current_syntax = 'other'
  runtime syntax/bulletin.vim
  call assert_equal('other', b:current_syntax)
  call assert_notmatch('bulletinTag', execute('syntax list'))
endfunction

" Lines of n bytes (roughly) that stress one construct each.
function! s:LongLines(n) abort
  let l:w = a:n / 5
  return [
        \ ['narration', repeat('word ', l:w)],
        \ ['one word', repeat('x', a:n)],
        \ ['spaces', repeat(' ', a:n) . 'x'],
        \ ['hangul then latin', repeat('가나 ', a:n / 7) . 'x'],
        \ ['all caps', repeat('WORD ', l:w)],
        \ ['numbered', '2. ' . repeat('Word ', l:w)],
        \ ['unknown tag', '[' . repeat('word ', l:w)],
        \ ['soundbite quote', '[Soundbite] ' . repeat('Word ', l:w) . '.'],
        \ ['soundbite role', '[Soundbite] Kim Ha (' . repeat('role ', l:w)],
        \ ['soundbite quote mark', '[Soundbite] "' . repeat('word ', l:w)],
        \ ['slash', 'Kang Yu / ' . repeat('role ', l:w)],
        \ ['colon', 'Kang Yu (' . repeat('role ', l:w) . '): x'],
        \ ['anon', '(' . repeat('role ', l:w)],
        \ ['bracket', '[Kim/' . repeat('role ', l:w) . ': "' . repeat('word ', 10)],
        \ ['radio', '[Sound bite: ' . repeat('Kim - ', l:w) . ']"' . repeat('word ', l:w)],
        \ ['date', ' date 2025-06-11 ' . repeat('word ', l:w)],
        \ ['programme', repeat('Word ', l:w) . 'News Today 입력 2025.06.11 (15:46)'],
        \ ['parens', repeat('(a)', a:n / 3)],
        \ ['capitals', repeat('Ab ', a:n / 3)],
        \ ]
endfunction

" Seconds to highlight a line and the two after it.
function! s:Time(text) abort
  " The next line opens a lead: the title look-aheads read across lines.
  call setline(1, [a:text, '[Anchor]', '"quote"'])
  let l:start = reltime()
  call s:Group(1, 1)
  call s:Group(1, 2000)
  call s:Group(2, 1)
  call s:Group(3, 1)
  return reltimefloat(reltime(l:start))
endfunction

" No pattern backtracks badly: four times the line, at most about four
" times the time (a quadratic pattern would take sixteen).  A slow
" measurement is taken again once: the machine may be busy.
function! Test_syntax_long_lines_scale_linearly() abort
  enew
  setlocal syntax=bulletin
  let l:small = s:LongLines(1024 * 1024)
  let l:large = s:LongLines(4 * 1024 * 1024)
  for l:i in range(len(l:small))
    let l:name = l:small[l:i][0]
    for l:try in [1, 2]
      let l:t1 = s:Time(l:small[l:i][1])
      let l:t4 = s:Time(l:large[l:i][1])
      if l:t4 < 8 * l:t1 + 0.5
        break
      endif
    endfor
    call assert_true(l:t4 < 8 * l:t1 + 0.5, printf('%s: %.3f s for 1 MB, %.3f s for 4 MB', l:name, l:t1, l:t4))
    if !empty($TEST_VERBOSE)
      call writefile([printf('%-22s 1 MB %.3f s, 4 MB %.3f s', l:name, l:t1, l:t4)], '/dev/stderr', 'a')
    endif
  endfor
endfunction

" A 10 MB line of narration, and one of soundbite text (the slowest: the
" tag's alternatives each read the line), take seconds, not minutes.
function! Test_syntax_ten_megabyte_lines() abort
  enew
  setlocal syntax=bulletin
  let l:n = 10 * 1024 * 1024
  for [l:name, l:text] in filter(s:LongLines(l:n), 'index(["narration", "soundbite quote mark"], v:val[0]) >= 0')
    let l:t = s:Time(l:text)
    call assert_true(l:t < 30.0, printf('%s: %.1f s for a 10 MB line', l:name, l:t))
  endfor
endfunction
