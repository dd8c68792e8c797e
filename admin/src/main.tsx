import { startEarlyRequests } from './boot';

// The hub is asked who is signed in (and for its schema) first; the admin itself (root.tsx: react,
// react-admin, MUI) is imported after, its files fetched in parallel (index.html preloads them).
startEarlyRequests();
void import('./root');
