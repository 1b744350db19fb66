" bulletin.nvim: filetype detection for broadcast news bulletins.
"
" *.bulletin is always a bulletin.  A *.txt file is one when its first 30
" lines hold one of:
"   - a " date YYYY-MM-DD" header or a "입력" (posted) time;
"   - a section tag alone on its line ([LEAD], [Anchor Lead], [Pkg], ...);
"   - a programme line "[News] l YYYY-MM-DD" or "[News Today] Title";
"   - an "Anchor:" label line and, after it, a "Report:" label line (the
"     radio-style transcripts; one label alone is not enough: "Report: build
"     failed" in a README stays text).
" Tags and labels may follow whitespace (also no-break and ideographic
" spaces) and invisible characters, as in the format spec.  Vim's
" filetype.vim has already run "setf text" for *.txt when this runs, so that
" filetype (or none) is replaced; any other (help, cmake for CMakeLists.txt,
" ...) is kept.

autocmd BufNewFile,BufRead *.bulletin setfiletype bulletin
autocmd BufNewFile,BufRead *.txt call s:DetectTxt()

" Leading whitespace and invisible characters (BULLETIN-FORMAT.md §7.3-4).
let s:lead = '^\%(\s\|[\u00a0\u2007\u202f\u3000\u200b\u200c\u200d\u2060\ufeff]\)*'
let s:sign = s:lead . '\%('
      \ . 'date \d\{4}-\d\d-\d\d\>'
      \ . '\|입력\s*\d\{4}[-.]\d\d[-.]\d\d'
      \ . '\|\[\%(LEAD\|REPORT\|Anchor Lead\|Anchor\|Pkg\|Report\)\]\s*$'
      \ . '\|\[News\]\s*l\s*\d\{4}-\d\d-\d\d\>'
      \ . '\|\[News Today\]\s*\S'
      \ . '\)'
let s:anchor = s:lead . 'Anchor:'
let s:report = s:lead . 'Report:'

function! s:DetectTxt() abort
  if &filetype !=# '' && &filetype !=# 'text'
    return
  endif
  let l:anchor = 0
  for l:line in getline(1, 30)
    if l:line =~# s:sign || (l:anchor && l:line =~# s:report)
      set filetype=bulletin
      return
    endif
    let l:anchor = l:anchor || l:line =~# s:anchor
  endfor
endfunction
