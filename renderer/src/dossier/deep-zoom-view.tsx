// A large sheet (map, drawing) through its deep-zoom tile pyramid: OpenSeadragon loads only the tiles
// on screen at the zoom level shown, so an A0 scan pans and zooms smoothly. Zoom follows the viewer's
// own buttons and keys (+ − 0 1), and the mouse wheel and drag inside.
import OpenSeadragon from 'openseadragon';
import { useEffect, useRef } from 'react';
import { pageTilesPath } from '../../../main/contract/channels';
import type { ZoomCommand } from '../lib/keyboard';

export interface DeepZoomViewProps {
  pageId: number;
  version: string;
  label: string;
  /** Incremented with each zoom command from the toolbar or the keys. */
  command: { seq: number; zoom: ZoomCommand } | null;
}

export function DeepZoomView({ pageId, version, label, command }: DeepZoomViewProps) {
  const element = useRef<HTMLDivElement>(null);
  const viewer = useRef<OpenSeadragon.Viewer | null>(null);

  useEffect(() => {
    if (!element.current) return;
    const instance = OpenSeadragon({
      element: element.current,
      tileSources: pageTilesPath(pageId, version),
      // Our own toolbar zooms; OpenSeadragon's buttons would need its image files.
      showNavigationControl: false,
      showNavigator: true,
      navigatorPosition: 'BOTTOM_RIGHT',
      visibilityRatio: 0.5,
      maxZoomPixelRatio: 4,
      crossOriginPolicy: false,
      gestureSettingsMouse: { clickToZoom: false },
    });
    viewer.current = instance;
    return () => {
      instance.destroy();
      viewer.current = null;
    };
  }, [pageId, version]);

  useEffect(() => {
    const v = viewer.current;
    if (!v || !command) return;
    const viewport = v.viewport;
    if (command.zoom === 'in') viewport.zoomBy(1.5);
    else if (command.zoom === 'out') viewport.zoomBy(1 / 1.5);
    else if (command.zoom === 'fit') viewport.goHome();
    else viewport.zoomTo(viewport.imageToViewportZoom(1));
  }, [command]);

  return <div ref={element} className="deep-zoom" role="img" aria-label={label} data-testid="deep-zoom" data-page-id={pageId} />;
}
