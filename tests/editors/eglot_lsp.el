;;; eglot_lsp.el --- docklens in a real Emacs with eglot  -*- lexical-binding: t -*-

;; Run by tests/editors.rs as `emacs --batch -l THIS`, with the README's
;; eglot set-up (eglot-server-programs, auto-mode-alist for Containerfile
;; names, eglot-workspace-configuration from .dir-locals.el).
;;
;; Environment: DOCKLENS_BIN (the server), DOCKLENS_TEST_DIR (a scratch
;; directory holding problem.Containerfile and .dir-locals.el),
;; DOCKLENS_TEST_TIMEOUT_MS (how long any one wait may take).
;;
;; Exits 0 when every check passes; otherwise prints what it saw and exits 1.

(require 'cl-lib)
(require 'subr-x)
;; Debian's elpa-* packages (and package.el ones) are activated here, as a
;; user's init would.
(package-activate-all)
(require 'eglot)
(require 'dockerfile-mode)
(require 'flymake)

(defun docklens-test--env (name)
  (let ((value (getenv name)))
    (if (or (null value) (string-empty-p value))
        (error "%s is not set" name)
      value)))

(defvar docklens-test-bin (docklens-test--env "DOCKLENS_BIN"))
(defvar docklens-test-dir (file-name-as-directory (docklens-test--env "DOCKLENS_TEST_DIR")))
(defvar docklens-test-timeout
  (/ (string-to-number (or (getenv "DOCKLENS_TEST_TIMEOUT_MS") "30000")) 1000.0))

(defun docklens-test--say (fmt &rest args)
  (princ (concat (apply #'format fmt args) "\n")))

(defun docklens-test--wait (what pred seen)
  "Wait until PRED holds; on a timeout fail with what SEEN returns."
  (let ((deadline (+ (float-time) docklens-test-timeout)))
    (while (and (not (funcall pred)) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    (unless (funcall pred)
      (error "Timed out after %.0f s waiting for %s; saw: %s"
             docklens-test-timeout what (funcall seen)))))

;; --- the README set-up, with the test's server binary ---
(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs
               `((dockerfile-ts-mode dockerfile-mode) . (,docklens-test-bin "lsp" "--stdio"))))
(add-to-list 'auto-mode-alist
             '("\\(?:Containerfile\\(?:\\..*\\)?\\|\\.Containerfile\\)\\'" . dockerfile-mode))
;; Directory-local variables are asked about interactively unless trusted.
(setq enable-local-variables :all)

(defun docklens-test--diagnostics ()
  (mapcar #'flymake-diagnostic-text (flymake-diagnostics)))

(defun docklens-test--main ()
  (find-file (expand-file-name "problem.Containerfile" docklens-test-dir))
  (unless (eq major-mode 'dockerfile-mode)
    (error "problem.Containerfile opened in %s, not dockerfile-mode" major-mode))
  (apply #'eglot (eglot--guess-contact))
  (docklens-test--wait "eglot to connect"
                       (lambda () (eglot-current-server))
                       (lambda () (with-current-buffer (get-buffer-create "*Messages*")
                                    (buffer-string))))
  ;; DL3006 (untagged FROM) is ignored by .dir-locals.el, which the server
  ;; reads with workspace/configuration; wait for that end state.
  (let ((has (lambda (code)
               (cl-some (lambda (text) (string-match-p (regexp-quote (format "[%s]" code)) text))
                        (docklens-test--diagnostics)))))
    (docklens-test--wait "DL3000 reported and DL3006 ignored"
                         (lambda ()
                           (flymake-start)
                           (and (funcall has "DL3000") (not (funcall has "DL3006"))))
                         (lambda () (format "%S" (docklens-test--diagnostics)))))
  (let ((diag (cl-find-if (lambda (d) (string-match-p "\\[DL3000\\]" (flymake-diagnostic-text d)))
                          (flymake-diagnostics))))
    (save-excursion
      (goto-char (flymake-diagnostic-beg diag))
      (unless (and (= (line-number-at-pos) 2) (looking-at-p "app"))
        (error "DL3000 at line %d, column %d, expected on `app' in line 2"
               (line-number-at-pos) (current-column)))))
  (docklens-test--say "ok: diagnostics %S" (docklens-test--diagnostics))

  ;; Hover on the WORKDIR keyword, through eglot's own request helpers.
  (goto-char (point-min))
  (forward-line 1)
  (forward-char 2)
  (let* ((reply (jsonrpc-request (eglot-current-server) :textDocument/hover
                                 (eglot--TextDocumentPositionParams)
                                 :timeout docklens-test-timeout))
         (contents (plist-get reply :contents))
         (text (if (stringp contents) contents (plist-get contents :value))))
    (unless (and (stringp text) (string-match-p (regexp-quote "WORKDIR <path>") text))
      (error "hover on WORKDIR: %S" reply))
    (docklens-test--say "ok: hover shows %S" (car (split-string text "\n")))))

(condition-case err
    (progn
      (docklens-test--main)
      (let ((server (eglot-current-server)))
        (when server (eglot-shutdown server)))
      (kill-emacs 0))
  (error
   (princ (format "FAILED: %s\n" (error-message-string err)) #'external-debugging-output)
   (let ((events (cl-find-if (lambda (b) (string-match-p "EGLOT .* events" (buffer-name b)))
                             (buffer-list))))
     (when events
       (with-current-buffer events
         (princ (format "--- end of the eglot events buffer ---\n%s\n"
                        (buffer-substring-no-properties
                         (max (point-min) (- (point-max) 4000)) (point-max)))
                #'external-debugging-output))))
   (kill-emacs 1)))
