// antd 5 renders its messages and modals with React 19 only through this patch.
import '@ant-design/v5-patch-for-react-19';
import { App, ConfigProvider } from 'antd';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AppRoot } from './App.tsx';

// People who ask their system for less motion get antd without its animations.
const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <ConfigProvider theme={{ token: { motion: !reducedMotion } }}>
      <App>
        <AppRoot />
      </App>
    </ConfigProvider>
  </StrictMode>,
);
