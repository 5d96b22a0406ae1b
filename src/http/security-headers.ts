import helmet from 'helmet';

/**
 * helmet's headers with a CSP the dashboard keeps: every script and stylesheet is a file of our own
 * (no inline script or style), the socket connects to this origin, charts draw on canvas.
 */
export function securityHeaders() {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        // 'self' covers same-origin ws:/wss: in current browsers; socket.io upgrades to a websocket.
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        // No upgrade-insecure-requests: `npm run dev` serves plain http on localhost.
      },
    },
  });
}
