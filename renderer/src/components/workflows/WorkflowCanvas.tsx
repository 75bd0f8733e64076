import {
  Background,
  type ColorMode,
  type Connection,
  Controls,
  type Edge,
  type EdgeChange,
  MarkerType,
  type NodeChange,
  ReactFlow,
  useReactFlow,
  type XYPosition,
} from '@xyflow/react';
import { type DragEvent, useCallback, useEffect, useMemo, useState } from 'react';
import '@xyflow/react/dist/style.css';
import { useConsole } from '../../app/consoleContext';
import { type StepFlowNode, StepNode, type StepNodeData } from './StepNode';
import { STEP_KIND_DRAG_TYPE } from './StepPalette';

/** A step as the canvas places it. */
export interface CanvasStep {
  readonly id: string;
  readonly position: XYPosition;
  readonly data: StepNodeData;
  /** The trigger cannot be deleted: every workflow starts with one. */
  readonly deletable: boolean;
}

/** A link between two steps, leaving `from` by one of its outlets. */
export interface CanvasLink {
  readonly from: string;
  readonly outlet: string;
  readonly to: string;
  readonly label?: string | undefined;
}

export interface CanvasActions {
  readonly onMove: (stepId: string, position: XYPosition) => void;
  readonly onSelect: (stepId: string | null) => void;
  readonly onLink: (link: CanvasLink) => void;
  readonly onUnlink: (link: CanvasLink) => void;
  readonly onRemove: (stepId: string) => void;
  readonly onDropKind: (kind: string, position: XYPosition) => void;
}

const nodeTypes = { step: StepNode };

const edgeIdOf = (link: CanvasLink) => `${link.from}:${link.outlet}->${link.to}`;

/**
 * The designer's canvas on React Flow. It owns nothing of the definition: steps and links come in, every gesture
 * (move, link, unlink, delete, drop from the palette) goes out as an action, so the side panel's keyboard controls
 * and the mouse change the same state.
 */
export function WorkflowCanvas({
  steps,
  links,
  selectedId,
  readOnly = false,
  label,
  actions,
}: {
  readonly steps: readonly CanvasStep[];
  readonly links: readonly CanvasLink[];
  readonly selectedId: string | null;
  readonly readOnly?: boolean;
  readonly label: string;
  readonly actions?: CanvasActions | undefined;
}) {
  const { screenToFlowPosition, fitView } = useReactFlow();
  const colorMode = useColorMode();
  const [measured, setMeasured] = useState<Readonly<Record<string, { width: number; height: number }>>>({});
  const [selectedEdge, setSelectedEdge] = useState<string | null>(null);

  const nodes = useMemo<StepFlowNode[]>(
    () =>
      steps.map((step) => ({
        id: step.id,
        type: 'step',
        position: step.position,
        data: step.data,
        selected: step.id === selectedId,
        deletable: !readOnly && step.deletable,
        ariaLabel: `${step.data.kindLabel}: ${step.data.title}`,
        ...(measured[step.id] ? { measured: measured[step.id] } : {}),
      })),
    [steps, selectedId, measured, readOnly],
  );

  const edges = useMemo<Edge[]>(
    () =>
      links.map((link) => ({
        id: edgeIdOf(link),
        source: link.from,
        sourceHandle: link.outlet,
        target: link.to,
        label: link.label,
        selected: edgeIdOf(link) === selectedEdge,
        deletable: !readOnly,
        markerEnd: { type: MarkerType.ArrowClosed },
        ariaLabel: `From ${titleOf(steps, link.from)}${link.label ? ` (${link.label})` : ''} to ${titleOf(steps, link.to)}`,
      })),
    [links, selectedEdge, steps, readOnly],
  );

  // A step added or removed may fall outside the view: frame them all again once the new box has been measured.
  const stepCount = steps.length;
  const measuredCount = Object.keys(measured).length;
  useEffect(() => {
    if (stepCount > 0 && measuredCount >= stepCount) void fitView({ padding: 0.2, maxZoom: 1, duration: 200 });
  }, [stepCount, measuredCount, fitView]);

  const onNodesChange = useCallback(
    (changes: NodeChange<StepFlowNode>[]) => {
      for (const change of changes) {
        if (change.type === 'dimensions' && change.dimensions) {
          const size = change.dimensions;
          setMeasured((current) => ({ ...current, [change.id]: size }));
        } else if (change.type === 'position' && change.position) {
          actions?.onMove(change.id, change.position);
        } else if (change.type === 'select') {
          if (change.selected) actions?.onSelect(change.id);
          else if (change.id === selectedId) actions?.onSelect(null);
        } else if (change.type === 'remove') {
          actions?.onRemove(change.id);
        }
      }
    },
    [actions, selectedId],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange[]) => {
      for (const change of changes) {
        if (change.type === 'select') setSelectedEdge(change.selected ? change.id : null);
        else if (change.type === 'remove') {
          const link = links.find((candidate) => edgeIdOf(candidate) === change.id);
          if (link) actions?.onUnlink(link);
        }
      }
    },
    [actions, links],
  );

  const onConnect = useCallback(
    (connection: Connection) => {
      if (connection.source === connection.target) return;
      actions?.onLink({ from: connection.source, outlet: connection.sourceHandle ?? 'next', to: connection.target });
    },
    [actions],
  );

  function onDragOver(event: DragEvent): void {
    if (readOnly || !event.dataTransfer.types.includes(STEP_KIND_DRAG_TYPE)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  }

  function onDrop(event: DragEvent): void {
    const kind = event.dataTransfer.getData(STEP_KIND_DRAG_TYPE);
    if (readOnly || kind === '') return;
    event.preventDefault();
    actions?.onDropKind(kind, screenToFlowPosition({ x: event.clientX, y: event.clientY }));
  }

  return (
    <section className="wf-canvas" aria-label={label} onDragOver={onDragOver} onDrop={onDrop}>
      <ReactFlow<StepFlowNode, Edge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onPaneClick={() => actions?.onSelect(null)}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        deleteKeyCode={readOnly ? null : ['Delete', 'Backspace']}
        colorMode={colorMode}
        fitView
        fitViewOptions={{ padding: 0.2, maxZoom: 1 }}
        minZoom={0.3}
        maxZoom={1.5}
        ariaLabelConfig={{
          'node.a11yDescription.default':
            'Press Enter or Space to select this step and configure it beside the canvas.',
          'node.a11yDescription.keyboardDisabled':
            'Press Enter or Space to select this step and configure it beside the canvas; arrow keys move it.',
          'edge.a11yDescription.default': 'Press Enter or Space to select this link; Delete removes it.',
        }}
      >
        <Background gap={20} />
        <Controls showInteractive={false} />
      </ReactFlow>
    </section>
  );
}

function titleOf(steps: readonly CanvasStep[], id: string): string {
  return steps.find((step) => step.id === id)?.data.title ?? id;
}

/** React Flow draws in the console's theme: the person's setting, or the OS preference when it is "system". */
function useColorMode(): ColorMode {
  const { settings } = useConsole();
  return settings.theme;
}
