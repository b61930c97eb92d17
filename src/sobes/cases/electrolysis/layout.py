"""Names the case's files and columns use, and the sensor layout (no heavy imports here).

The sensor and file names are the ones the original assignment uses, so a candidate's code
written against the real brief runs on our generated data unchanged.
"""

from __future__ import annotations

from pathlib import Path

SERIES_FILE = "3min Series (00sec) Outer new.csv"
DOSE_MASS_FILE = "Средняя масса доли АПГ New.csv"
TARGET_FILE = "target.csv"
BOARDS_FILE = "boards.png"
DATA_FILES = (SERIES_FILE, DOSE_MASS_FILE, TARGET_FILE, BOARDS_FILE)

TIME = "Time"  # every file's time column; a series row labels the END of its 3-minute interval
NOISE = "Шум в электрике"
BACK_EMF = "Обратная ЭДС сети устройства"
SLOPE = "Ср.прир.напр"
DOSES = "Сум.доз АПГ"
AVG_MASS = "avg_mass_apg"
TARGET = "target"

N_SIDE = 6  # thermocouples per long side; Board Temp. 1..6 on the upstream side, 7..12 downstream
BOARD = [f"Board Temp. {i}" for i in range(1, 2 * N_SIDE + 1)]
FACE = ["Board Face Temp. 1", "Board Face Temp. 6"]
DEAF = ["Board Deaf Temp. 1", "Board Deaf Temp. 6"]
TEMPERATURES = BOARD + FACE + DEAF
SERIES_COLUMNS = [TIME, NOISE, BACK_EMF, SLOPE, DOSES, *TEMPERATURES]

STEP_MINUTES = 3
LAB_HOURS = (8, 20)  # lab samples are recorded at 08:00 and 20:00 (physically taken up to ±15 min around)
START = "2017-10-18 00:00"  # the generated year ends where the original data did (2018-10-18)

# The hidden truth lives apart from the data a candidate gets.
TRUTH_LABS = "labs.csv"  # every lab time: recorded value, true alumina, public or holdout
TRUTH_STATE = "state.csv"  # the 3-minute hidden state (alumina, undissolved, ACD, bath temperature, events)
TRUTH_META = "truth.json"  # seed, days, parameters, holdout start


def truth_dir_for(data_dir: Path) -> Path:
    """The default place of the hidden truth for a data directory: a sibling `<name>-truth`."""
    data_dir = Path(data_dir)
    return data_dir.parent / f"{data_dir.name}-truth"
