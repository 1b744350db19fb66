" bulletin.nvim: filetype detection for broadcast news bulletins.
"
" *.bulletin is always a bulletin.  A *.txt file is one when one of its first
" 30 lines is a " date YYYY-MM-DD" header, a "입력" (posted) time, or a
" section tag alone on its line.  Vim's filetype.vim has already run
" "setf text" for *.txt when this runs, so that filetype (or none) is
" replaced; any other (help, cmake for CMakeLists.txt, ...) is kept.

autocmd BufNewFile,BufRead *.bulletin setfiletype bulletin
autocmd BufNewFile,BufRead *.txt call s:DetectTxt()

function! s:DetectTxt() abort
  if &filetype !=# '' && &filetype !=# 'text'
    return
  endif
  for l:line in getline(1, 30)
    if l:line =~# '^\s*date \d\{4}-\d\d-\d\d\>'
          \ || l:line =~# '^\s*입력\s*\d\{4}[-.]\d\d[-.]\d\d'
          \ || l:line =~# '^\s*\[\%(LEAD\|REPORT\|Anchor Lead\|Anchor\|Pkg\|Report\)\]\s*$'
      set filetype=bulletin
      return
    endif
  endfor
endfunction
