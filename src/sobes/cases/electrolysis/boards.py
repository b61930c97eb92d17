"""boards.png: a schematic of where the shell thermocouples sit around the cell."""

from __future__ import annotations

from pathlib import Path

from sobes.cases.electrolysis import layout as L


def draw_boards(path: Path) -> None:
    """Top view of the cell: the long sides carry Board Temp. 1..6 and 7..12, the tap end
    (face) and the duct end (deaf) carry sensors 1 and 6 each."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import Rectangle

    fig, ax = plt.subplots(figsize=(9, 3.6), dpi=90)
    ax.add_patch(Rectangle((0, 0), 12, 3, fill=False, lw=2))
    ax.add_patch(Rectangle((0.6, 0.6), 10.8, 1.8, fill=True, color="#dde6f0"))
    ax.text(6, 1.5, "bath / anodes (top view)", ha="center", va="center", fontsize=9, color="#345")
    for i in range(L.N_SIDE):
        x = 1 + i * 2
        ax.plot(x, 3, "o", color="#c33")
        ax.text(x, 3.25, f"{i + 1}", ha="center", fontsize=9)
        ax.plot(x, 0, "o", color="#c33")
        ax.text(x, -0.45, f"{i + 1 + L.N_SIDE}", ha="center", fontsize=9)
    for k, y in ((1, 2.4), (6, 0.6)):
        ax.plot(0, y, "s", color="#36c")
        ax.text(-0.25, y, f"Face {k}", ha="right", va="center", fontsize=9)
        ax.plot(12, y, "s", color="#393")
        ax.text(12.25, y, f"Deaf {k}", ha="left", va="center", fontsize=9)
    ax.text(6, 3.7, "Board Temp. 1..6 (upstream side)", ha="center", fontsize=9)
    ax.text(6, -1.0, "Board Temp. 7..12 (downstream side)", ha="center", fontsize=9)
    ax.set_xlim(-2.2, 14.2)
    ax.set_ylim(-1.3, 4.0)
    ax.set_aspect("equal")
    ax.axis("off")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
