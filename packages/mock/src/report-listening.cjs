// Preloaded into Prism (`node --require`) next to the watchdog: writes `listening <port>` to the pipe named by
// PAYKIT_PRISM_REPORT_FD once Prism's server is bound. An HTTP answer on Prism's port only proves that *something*
// listens there: another process may have taken the port first while Prism fails with EADDRINUSE. This line proves
// that the listener is this Prism.
const fd = Number(process.env.PAYKIT_PRISM_REPORT_FD);
if (Number.isInteger(fd) && fd > 2) {
  const net = require('node:net');
  const { writeSync } = require('node:fs');
  const listen = net.Server.prototype.listen;
  net.Server.prototype.listen = function (...args) {
    this.once('listening', () => {
      const address = this.address();
      if (address === null || typeof address !== 'object') return;
      try {
        writeSync(fd, `listening ${address.port}\n`);
      } catch {
        // The starter is gone (the watchdog ends this process) or never read the pipe: nothing to tell.
      }
    });
    return listen.apply(this, args);
  };
}
