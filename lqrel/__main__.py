import sys

from lqrel.cli import main

sys.exit(main())
