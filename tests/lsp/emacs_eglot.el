;;; emacs_eglot.el --- Emacs's eglot on `bulletin lsp', for real  -*- lexical-binding: t -*-
;; Run by tests/lsp/test_lsp.py:
;;   BULLETIN_BIN=build/bulletin BULLETIN_DOC=/tmp/x/news.bulletin \
;;     emacs --batch -Q -l tests/lsp/emacs_eglot.el
;; Opens a bulletin with eglot, reads its imenu (documentSymbol) and its
;; Flymake diagnostics after an edit, and shuts the server down. Prints
;; "emacs_eglot: ok (N checks)" or one "FAIL ..." line per failure; exits 0
;; or 1.
;; Debian's elpa-eglot is a package of the system's package directory.
(require 'package)
(add-to-list 'package-directory-list "/usr/share/emacs/site-lisp/elpa")
(package-initialize)
(require 'eglot)
(require 'imenu)
(require 'flymake)

(defvar bt-checks 0)
(defvar bt-fails nil)
(defun bt-check (ok what)
  (setq bt-checks (1+ bt-checks))
  (unless ok (push what bt-fails))
  ok)
(defun bt-wait (pred secs)
  (let ((until (+ (float-time) secs)) (ok nil))
    (while (and (not (setq ok (funcall pred))) (< (float-time) until))
      (accept-process-output nil 0.05))
    ok))

(define-derived-mode bulletin-mode text-mode "Bulletin")
(add-to-list 'auto-mode-alist '("\\.bulletin\\'" . bulletin-mode))
(add-to-list 'eglot-server-programs
             `(bulletin-mode ,(getenv "BULLETIN_BIN") "lsp"))
(setq eglot-sync-connect 10 eglot-autoshutdown nil eglot-send-changes-idle-time 0)

(condition-case err
    (progn
      (find-file (getenv "BULLETIN_DOC"))
      (bt-check (eq major-mode 'bulletin-mode) "bulletin-mode")
      (eglot '(bulletin-mode) (cons 'transient default-directory) 'eglot-lsp-server
             (list (getenv "BULLETIN_BIN") "lsp") "bulletin")
      (bt-check (bt-wait (lambda () (eglot-current-server)) 10) "eglot connected")
      (let* ((server (eglot-current-server))
             (proc (and server (jsonrpc--process server)))
             (index (funcall imenu-create-index-function))
             ;; eglot 1.9 groups the top level by kind: stories are Modules.
             (stories (cdr (assoc "Module" index)))
             (names (mapcar #'car stories)))
        (bt-check (member "Lee and Xi Hold First Phone Call" names)
                  (format "imenu stories: %S" index))
        (bt-check (= (length stories) 3) (format "three stories: %S" names))
        (bt-check flymake-mode "flymake-mode on in the managed buffer")
        ;; An edit: a bad tag at the end; Flymake shows the server's lint.
        (goto-char (point-max))
        (insert "\n[Reprot]\n")
        ;; Saving sends the change (eglot sends it from an idle timer, and
        ;; batch Emacs is never idle) and didSave.
        (save-buffer)
        (bt-check (bt-wait (lambda ()
                             (seq-find (lambda (d) (string-match-p "unknown tag"
                                                                   (flymake-diagnostic-text d)))
                                       (flymake-diagnostics)))
                           10)
                  (format "flymake: %S" (mapcar #'flymake-diagnostic-text (flymake-diagnostics))))
        (let ((d (seq-find (lambda (d) (string-match-p "unknown tag" (flymake-diagnostic-text d)))
                           (flymake-diagnostics))))
          (when d
            (bt-check (eq (flymake-diagnostic-type d) 'eglot-error)
                      (format "severity %S" (flymake-diagnostic-type d)))
            (bt-check (string= (buffer-substring (flymake-diagnostic-beg d)
                                                 (flymake-diagnostic-end d))
                               "[Reprot]")
                      "the diagnostic's region")))
        ;; shutdown and exit by hand: eglot-shutdown (jsonrpc 1.0) deletes
        ;; the process at once after `exit', so its status would be SIGKILL's.
        (bt-check (condition-case e
                      (progn (jsonrpc-request server :shutdown nil :timeout 5) t)
                    (error (push (format "shutdown: %S" e) bt-fails) nil))
                  "shutdown answered")
        (jsonrpc-notify server :exit nil)
        (bt-check (bt-wait (lambda () (not (process-live-p proc))) 10) "the server exited")
        (bt-check (eql (process-exit-status proc) 0)
                  (format "exit status %S" (process-exit-status proc)))))
  (error (push (format "error: %S" err) bt-fails)))

(if bt-fails
    (dolist (f (reverse bt-fails)) (princ (format "FAIL %s\n" f)))
  (princ (format "emacs_eglot: ok (%d checks)\n" bt-checks)))
(kill-emacs (if bt-fails 1 0))
