import { defineConfig } from 'vite';

// The API the dev server and `vite preview` forward to; the management server serves the built UI itself.
const api = process.env.NIMBUS_API_URL ?? 'http://127.0.0.1:8080';
// The console's WebSocket too, so a console opens under `npm run dev` as it does on the server.
const proxy = {
  '/client/api': { target: api, changeOrigin: true },
  '/client/console': { target: api, changeOrigin: true, ws: true },
};

export default defineConfig({
  base: '/client/',
  // No @vitejs/plugin-react: esbuild compiles the TSX with React's automatic runtime.
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // React and antd are one vendor chunk of about 1.2 MB (370 kB gzipped), cached across releases.
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      // antd and React change far less often than the screens: their own chunk stays cached across UI releases.
      // noVNC stays in the console's own chunk, loaded when a console opens.
      output: { manualChunks: (id) => (id.includes('/node_modules/') && !id.includes('/@novnc/') ? 'vendor' : undefined) },
      onwarn(warning, warn) {
        // antd marks its modules "use client" for React Server Components, meaningless in a browser bundle.
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: { proxy },
  preview: { proxy },
});
