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
