import { render } from 'preact';
import { App } from './app/app';
import './styles/theme.css';
import './styles/layout.css';
import './styles/controls.css';

render(<App />, document.getElementById('app')!);
