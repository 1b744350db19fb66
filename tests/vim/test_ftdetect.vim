" ftdetect/bulletin.vim: which files become filetype bulletin.

function! s:FiletypeOf(path) abort
  execute 'edit ' . fnameescape(a:path)
  let l:ft = &filetype
  bwipeout!
  return l:ft
endfunction

function! Test_ftdetect_bulletin_extension() abort
  call assert_equal('bulletin', s:FiletypeOf(g:test_fixtures . '/detect.bulletin'))
endfunction

function! Test_ftdetect_new_bulletin_file() abort
  call assert_equal('bulletin', s:FiletypeOf(tempname() . '.bulletin'))
endfunction

function! Test_ftdetect_txt_date_header() abort
  " " date 2025-06-11 News Today" on line 3.
  call assert_equal('bulletin', s:FiletypeOf(g:test_fixtures . '/detect-date.txt'))
endfunction

function! Test_ftdetect_txt_anchor_lead_alone() abort
  call assert_equal('bulletin', s:FiletypeOf(g:test_fixtures . '/detect-anchor-lead.txt'))
endfunction

function! Test_ftdetect_txt_posted_time() abort
  call assert_equal('bulletin', s:FiletypeOf(g:test_fixtures . '/detect-input.txt'))
endfunction

function! Test_ftdetect_txt_each_section_tag() abort
  let l:dir = tempname()
  call mkdir(l:dir, 'p')
  let l:i = 0
  for l:tag in ['[LEAD]', '[REPORT]', '[Anchor Lead]', '[Pkg]', '[Anchor]', '[Report]', '  [Pkg]  ']
    let l:i += 1
    let l:path = l:dir . '/tag' . l:i . '.txt'
    call writefile(['Some headline', '', l:tag, 'Body text.'], l:path)
    call assert_equal('bulletin', s:FiletypeOf(l:path), 'tag ' . l:tag)
  endfor
endfunction

function! Test_ftdetect_txt_prose_stays_text() abort
  " Mentions [LEAD], [Pkg], "date 2025-06-11" and "Anchor:" inside sentences.
  call assert_equal('text', s:FiletypeOf(g:test_fixtures . '/detect-prose.txt'))
endfunction

function! Test_ftdetect_txt_looks_at_30_lines_only() abort
  " The only tag is on line 31.
  call assert_equal('text', s:FiletypeOf(g:test_fixtures . '/detect-late-tag.txt'))
endfunction

function! Test_ftdetect_txt_new_file_is_text() abort
  call assert_equal('text', s:FiletypeOf(tempname() . '.txt'))
endfunction

function! Test_ftdetect_txt_keeps_specific_filetype() abort
  " CMakeLists.txt is cmake by its name: content does not override that.
  let l:dir = tempname()
  call mkdir(l:dir, 'p')
  call writefile(['[LEAD]', ' date 2025-06-11 News Today'], l:dir . '/CMakeLists.txt')
  call assert_equal('cmake', s:FiletypeOf(l:dir . '/CMakeLists.txt'))
endfunction

function! Test_ftdetect_other_extension_ignored() abort
  let l:path = tempname() . '.md'
  call writefile(['[LEAD]', ' date 2025-06-11 News Today'], l:path)
  call assert_equal('markdown', s:FiletypeOf(l:path))
endfunction

" Every transcript of the corpus (tests/corpus/data), saved as NAME.txt, is
" a bulletin: web copies with chrome first, tag families, label-style radio
" transcripts (Anchor:/Report:, [News] l DATE) alike.
function! Test_ftdetect_txt_every_corpus_file() abort
  let l:files = glob(g:test_root . '/tests/corpus/data/*.txt', 0, 1)
  call assert_true(len(l:files) >= 50, 'corpus files found: ' . len(l:files))
  let l:dir = tempname()
  call mkdir(l:dir, 'p')
  for l:src in l:files
    let l:path = l:dir . '/' . fnamemodify(l:src, ':t:r') . '-copy.txt'
    call writefile(readfile(l:src, 'b'), l:path, 'b')
    call assert_equal('bulletin', s:FiletypeOf(l:path), fnamemodify(l:src, ':t'))
  endfor
endfunction

function! Test_ftdetect_txt_labels() abort
  let l:dir = tempname()
  call mkdir(l:dir, 'p')
  " Anchor: then Report:, each alone or followed by text, indented or not.
  let l:cases = [
        \ ['Anchor: The council met today.', 'Kim reports.', 'Report: The vote was close.'],
        \ ['A headline', '', 'Anchor:', 'The council met today.', 'Report:', 'The vote.'],
        \ ['  Anchor: Text.', 'More.', "\u00a0Report: Text."],
        \ ['A headline', '', '[News] l 2016-08-18', '', 'The body of the story.'],
        \ ]
  let l:i = 0
  for l:lines in l:cases
    let l:i += 1
    let l:path = l:dir . '/labels' . l:i . '.txt'
    call writefile(l:lines, l:path)
    call assert_equal('bulletin', s:FiletypeOf(l:path), string(l:lines))
  endfor
endfunction

" Ordinary text files stay text: a stray "Note:" or a lone "Report:" line,
" a README.txt, meeting notes that mention anchors.
function! Test_ftdetect_txt_ordinary_text_stays_text() abort
  let l:dir = tempname()
  call mkdir(l:dir, 'p')
  let l:cases = {
        \ 'notes.txt': ['Shopping list', '', 'Note: buy milk', 'eggs', 'bread'],
        \ 'README.txt': ['Project Foo', '===========', '', 'Installation:', '  make install',
        \                '', 'Note: needs libuv.', 'Report: bugs to the tracker.', '',
        \                'See [News] in the changelog.'],
        \ 'report.txt': ['Report: build 1234 failed', '', 'Anchor text was missing.'],
        \ 'boat.txt': ['Anchor: 12 kg, 30 m chain', 'Sails: main, jib'],
        \ 'log.txt': ['Meeting', 'The Anchor: role was discussed.', 'A Report: was filed.'],
        \ }
  for [l:name, l:lines] in items(l:cases)
    let l:path = l:dir . '/' . l:name
    call writefile(l:lines, l:path)
    call assert_equal('text', s:FiletypeOf(l:path), l:name)
  endfor
endfunction

function! Test_ftdetect_txt_programme_line() abort
  let l:dir = tempname()
  call mkdir(l:dir, 'p')
  call writefile(['[News Today] Council Votes On Budget', '', 'The council met.'], l:dir . '/p.txt')
  call assert_equal('bulletin', s:FiletypeOf(l:dir . '/p.txt'))
endfunction
