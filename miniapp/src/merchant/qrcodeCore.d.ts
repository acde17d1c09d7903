/** The encoder of the `qrcode` package without its renderers (canvas, PNG, files): pure, for h5 and weapp. */
declare module 'qrcode/lib/core/qrcode.js' {
  export { create } from 'qrcode';
}
