import { defineConfig } from 'vite';

// The API the dev server and `vite preview` forward to; the management server serves the built UI itself.
const api = process.env.NIMBUS_API_URL ?? 'http://127.0.0.1:8080';
const proxy = { '/client/api': { target: api, changeOrigin: true } };

export default defineConfig({
  base: '/client/',
  // No @vitejs/plugin-react: esbuild compiles the TSX with React's automatic runtime.
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      // antd and React change far less often than the screens: their own chunk stays cached across UI releases.
      output: { manualChunks: (id) => (id.includes('/node_modules/') ? 'vendor' : undefined) },
      onwarn(warning, warn) {
        // antd marks its modules "use client" for React Server Components, meaningless in a browser bundle.
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: { proxy },
  preview: { proxy },
});
