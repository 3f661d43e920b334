#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Run a command on a pseudo-terminal and type the answers to its prompts.

    tty_answer.py [--hidden] [--secret S]... [ANSWER...] -- COMMAND [ARG...]

Each ANSWER is typed, with Enter, once the command's output ends in ": "
(a question); with none left, the terminal's end of input is typed.  An
ANSWER may be empty: Enter alone, the question's default.  Everything the
terminal showed goes to stdout.  Exits with the command's status, 124
when it hangs for 30 seconds, or 125 when the terminal showed a secret:
with --hidden every answer is one (asked with echo off), and --secret S
names one more (S is not an answer by itself; type it as one too).
"""
import os
import pty
import select
import signal
import sys
import time

TIMEOUT = 30


def main():
    args, secrets, hidden = sys.argv[1:], [], False
    while args and args[0] in ("--hidden", "--secret"):
        if args[0] == "--hidden":
            hidden = True
            args = args[1:]
        else:
            secrets.append(args[1].encode())
            args = args[2:]
    sep = args.index("--")
    answers, cmd = args[:sep], args[sep + 1:]
    if hidden:
        secrets += [a.encode() for a in answers]
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(cmd[0], cmd)
    shown = b""
    asked_at = 0            # where the output after the last answer starts
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:         # EIO: the command closed the terminal
                break
            if not chunk:
                break
            shown += chunk
        if shown.endswith(b": ") and len(shown) > asked_at:
            # the tool turns echo off before it prints the question
            os.write(fd, answers.pop(0).encode() + b"\r" if answers
                     else b"\x04")
            asked_at = len(shown)
    else:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        sys.stdout.write(shown.decode(errors="replace"))
        print("\ntty_answer: timed out")
        return 124
    _, status = os.waitpid(pid, 0)
    sys.stdout.write(shown.decode(errors="replace"))
    for secret in secrets:
        if secret in shown:
            print("tty_answer: the terminal showed the answer %r" % secret)
            return 125
    return os.waitstatus_to_exitcode(status)


if __name__ == "__main__":
    sys.exit(main())
