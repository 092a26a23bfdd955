import { useEffect, useState } from 'react';

// A hash router: the server needs to know only /client/, and a reload lands on the same screen.
// (.tsx, like every module that touches the DOM: the root tsconfig checks packages/*/src/**/*.ts without a DOM lib.)
function currentPath(): string {
  const path = window.location.hash.replace(/^#/, '');
  return path.startsWith('/') ? path : '/';
}

export function useHashPath(): string {
  const [path, setPath] = useState(currentPath);
  useEffect(() => {
    const update = () => setPath(currentPath());
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return path;
}

export function navigate(path: string): void {
  window.location.hash = path;
}

export function href(path: string): string {
  return `#${path}`;
}
