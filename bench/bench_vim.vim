" The probe of bench/bench_vim.py: Vim 9 with the plugin of $BENCH_ROOT
" (its autoload/bulletin/lsp.vim, the client of `bulletin lsp`) on
" $BENCH_DOC. Writes to $BENCH_OUT, one "name<TAB>value" line each:
"   open_s         :edit to the last lines' highlights (seconds)
"   vim_cpu_ms     Vim's CPU time per edit (the client's work on the answers)
"   server_cpu_ms  the server's CPU time per edit
" $BENCH_EDITS edits of kind $BENCH_EDIT ("type": a character put in a
" line; "enter": a line opened below), each followed by 1.5 s without
" input, so that every answer is in before the next edit.
set rtp^=$BENCH_ROOT
let g:bulletin_bin = $BENCH_BIN
runtime plugin/bulletin.vim
filetype plugin on
syntax on
function! s:cpu(pid) abort
  let l:f = split(readfile('/proc/' . a:pid . '/stat')[0])
  return (str2nr(l:f[13]) + str2nr(l:f[14])) * 1000 / 100
endfunction
let s:t0 = reltime()
execute 'edit ' . fnameescape($BENCH_DOC)
call bulletin#lsp#Wait(600000)
while empty(prop_list(line('$') - 8, {'end_lnum': line('$')})) && reltimefloat(reltime(s:t0)) < 600
  sleep 5m
endwhile
let s:open = reltimefloat(reltime(s:t0))
sleep 1
let s:server = job_info(job_info()[0]).process
let s:n = str2nr($BENCH_EDITS)
let s:c0 = s:cpu(getpid())
let s:s0 = s:cpu(s:server)
for s:i in range(s:n)
  call cursor(10 + s:i * 7, 1)
  execute 'normal! ' . ($BENCH_EDIT ==# 'enter' ? 'ox' : 'ix')
  call listener_flush()
  sleep 1500m
endfor
call writefile([printf("open_s\t%.3f", s:open),
      \ printf("vim_cpu_ms\t%.1f", (s:cpu(getpid()) - s:c0) * 1.0 / s:n),
      \ printf("server_cpu_ms\t%.1f", (s:cpu(s:server) - s:s0) * 1.0 / s:n)], $BENCH_OUT)
qall!
