import { Component, type ReactNode } from 'react';

/**
 * A panel that fails to render says so in its own place; the rest of the page keeps working (without it, one bad
 * value anywhere would blank the whole page).
 */
export class PanelBoundary extends Component<{ title: string; children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <section className="panel" aria-label={this.props.title}>
        <h2>{this.props.title}</h2>
        <p className="notice notice-warn" role="alert">
          This panel could not be shown. Reload the page; the rest of the page still works.
        </p>
      </section>
    );
  }
}
