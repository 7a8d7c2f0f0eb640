// Preloaded into Prism (`node --require`): its stdin is a pipe from the process that started it, and the pipe reaches
// end-of-file only when that process is gone, however it died (even SIGKILL, which runs no exit handler).
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
